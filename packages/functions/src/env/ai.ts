import { OpenAiEnv } from "@wapos/core/assistant/env";
import { loadProcessEnv } from "@wapos/core/env/process";
import { LambdaEnv } from "./lambda";

/** The ai consumer: customers' questions for the assistant. */
export const AiEnv = LambdaEnv.extend({ ...OpenAiEnv.shape });

export const loadAiEnv = () => loadProcessEnv("ai consumer", AiEnv);
