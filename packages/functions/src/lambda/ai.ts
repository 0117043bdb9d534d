import { handler as consume } from "../consumers/ai";
import { loadAiEnv } from "../env/ai";

loadAiEnv();
export const handler = consume;
