import * as z from "zod";

/**
 * The model path's deploy settings. The key is usually the shop's own, saved in settings
 * (`openai.api_key`); OPENAI_API_KEY is the deploy's fallback. OPENAI_BASE_URL points the SDK
 * at another server (tests and the bench use a local fake of the Responses API).
 */
export const OpenAiEnv = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  /** One request's limit; a turn (up to three requests, one retry) stops at twice this. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
});
