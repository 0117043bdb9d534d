import { loadProcessEnv } from "@wapos/core/env/process";
import { LambdaEnv } from "./lambda";

/** The ai consumer: customers' questions for the assistant. */
export const AiEnv = LambdaEnv;

export const loadAiEnv = () => loadProcessEnv("ai consumer", AiEnv);
