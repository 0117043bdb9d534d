import { createHash } from "node:crypto";
import type { ResponseInputItem } from "openai/resources/responses/responses";
import * as z from "zod";
import { Appointment } from "../appointment/index";
import { Env } from "../env/index";
import { log } from "../log";
import { Settings } from "../settings/index";
import type { Language } from "../template/format";
import { useClock } from "../util/clock";
import { loadOnce } from "../util/lazy";
import { answerFromRecords, type Reply } from "./answer";
import { OpenAiEnv } from "./env";
import { gate, keepToTopics } from "./gate";
import { rejectionOf, supportedBy } from "./grounding";
import { type Classified, classify, INTENTS, THRESHOLD } from "./intent";
import { isToolName, MODEL_TOOLS, runTool, strictSchema, type Turn } from "./model-tools";
import { senderOf, ticketsOf } from "./tools";

/** Requests in one turn: tool calls, then the answer; the last one may not call tools. */
export const MAX_ROUNDS = 3;
const MAX_OUTPUT_TOKENS = 600;
/** Models that reject a temperature (reasoning models) take a reasoning effort instead. */
const REASONING_MODEL = /^(?:o\d|gpt-5)/;

const Verdict = z.object({
  answer: z.string(),
  grounded: z.boolean(),
  sources: z.array(z.string()),
  intent: z.enum(INTENTS),
});
const VERDICT_FORMAT = {
  type: "json_schema" as const,
  name: "grounded_reply",
  strict: true,
  schema: strictSchema(Verdict),
};

/** The SDK (about 470 KB) loads on the first answer through the model, not at a Lambda's init. */
const loadSdk = loadOnce(async () => {
  const [{ default: OpenAI }, { toResponseInputItems }] = await Promise.all([
    import("openai"),
    import("openai/lib/responses/ResponseInputItems"),
  ]);
  return { OpenAI, toResponseInputItems };
});

const instructions = (language: Language) =>
  [
    // The channel: a phone screen, plain text.
    "You answer a phone repair shop's customers on WhatsApp, in one to three short sentences, without markdown.",
    // The customer's language as our rules read it; the fallback goes out in the same one.
    `Write in ${language === "ms" ? "Bahasa Melayu" : "English"}.`,
    // The model phrases, it never supplies a fact: our code checks every one against the tools.
    "Use only facts from your tools' results in this conversation. Never estimate or invent a price, date, time, status, ticket number or link.",
    // Identity is ours: the tools read only this sender's records, whatever number is passed.
    "The tools return only this customer's own repairs and invoices. If what the customer asks about is not among them, set grounded to false.",
    // Each fact traceable to a row.
    "Put in sources the ref of every record your answer uses.",
    // Refusing is always safe: a person replies instead.
    "If the tools do not answer the question, or it is about anything else (appointments, opening hours, warranty, payment, complaints), set grounded to false and leave sources empty.",
    // Read the intent when our rules were unsure.
    "Set intent to what the customer wants: status, price, appointment, invoice or other.",
  ].join("\n");

type ModelConfig = { apiKey: string; model: string; baseURL?: string; timeoutMs: number };

/** The model path's settings, or undefined when no key is set (the template path answers). */
export async function modelConfig(): Promise<ModelConfig | undefined> {
  const env = Env.read(OpenAiEnv);
  const apiKey = (await Settings.secret("openai", "api_key")) ?? env.OPENAI_API_KEY;
  if (!apiKey) return undefined;
  const { model } = await Settings.section("openai");
  return { apiKey, model, baseURL: env.OPENAI_BASE_URL, timeoutMs: env.OPENAI_TIMEOUT_MS };
}

/**
 * What the assistant answers to a customer's message: through the model when an OpenAI key
 * is set, else from the fixed templates (answer.ts). May take seconds: never call it inside a
 * transaction.
 */
export async function answerMessage(input: {
  phone: string;
  text: string;
  /** The answer will be sent: the records path may then book the slot the customer picked. */
  act?: { wa_message_id: string };
}): Promise<Reply> {
  const now = useClock().now();
  const { time_zone: timeZone } = await Settings.section("shop");
  // The shop's hours and topics come first: a question they hold back reaches no tool or model.
  const held = await gate(classify(input.text, { now, timeZone }), now);
  if (held) return held;
  const config = await modelConfig();
  return keepToTopics(await (config ? answerWithModel(input, config) : answerFromRecords(input)));
}

type Outcome = { verdict: z.output<typeof Verdict>; turn: Turn } | { reason: string; detail?: string };

/**
 * The model's answer, checked by our code (grounding.ts) before it may go out; anything it
 * cannot vouch for, and any API error, timeout or refusal, is the shop's fallback text.
 */
export async function answerWithModel(
  input: { phone: string; text: string; act?: { wa_message_id: string } },
  config: ModelConfig,
): Promise<Reply> {
  const now = useClock().now();
  const [{ time_zone: timeZone }, assistant] = await Promise.all([
    Settings.section("shop"),
    Settings.section("assistant"),
  ]);
  const read = classify(input.text, { now, timeZone });
  // A ticket the sender named that is not theirs is answered by our code, never by the model.
  if (read.ticket_number && !(await ownsTicket(input.phone, read.ticket_number, now)))
    return answerFromRecords(input);
  // Appointments are offered and booked by our code (booking.ts): the model has no slot tool. A
  // question the rules read as one goes there, and so does a time named while slots are on offer.
  if (
    read.intent === "appointment" &&
    (read.confidence >= THRESHOLD || (read.when?.time && (await Appointment.offeredTo(input.phone)).length))
  )
    return answerFromRecords(input);

  const outcome = await converse(input, read, config, { now, timeZone });
  const context = { now, timeZone };
  const intentOf = (model?: Classified["intent"]) =>
    read.confidence >= THRESHOLD || !model ? read.intent : model;
  const rejection =
    "reason" in outcome
      ? outcome
      : rejectionOf(
          outcome.verdict,
          supportedBy(outcome.turn.outputs, outcome.turn.refs, context),
          input.text,
          context,
        );
  if (rejection) {
    log.warn("assistant: the model's answer was replaced by the fallback", {
      reason: rejection.reason,
      detail: rejection.detail,
    });
    return {
      answer: assistant.fallback[read.language],
      grounded: false,
      fallback: true,
      intent: intentOf("verdict" in outcome ? outcome.verdict.intent : undefined),
      sources: [],
      language: read.language,
      reason: rejection.reason,
    };
  }
  const { verdict } = outcome as Extract<Outcome, { verdict: unknown }>;
  return {
    answer: verdict.answer.trim(),
    grounded: true,
    fallback: false,
    intent: intentOf(verdict.intent),
    sources: verdict.sources,
    language: read.language,
  };
}

async function ownsTicket(phone: string, number: string, now: Date) {
  const sender = await senderOf(phone);
  return Boolean(sender && (await ticketsOf(sender.customer_id, now)).some((t) => t.number === number));
}

/** The tool loop: at most MAX_ROUNDS requests, stateless (`store: false`, every item replayed). */
async function converse(
  input: { phone: string; text: string },
  read: Classified,
  config: ModelConfig,
  context: { now: Date; timeZone: string },
): Promise<Outcome> {
  const { OpenAI, toResponseInputItems } = await loadSdk();
  const client = new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseURL && { baseURL: config.baseURL }),
    timeout: config.timeoutMs,
    maxRetries: 1,
  });
  const signal = AbortSignal.timeout(2 * config.timeoutMs);
  const sampling = REASONING_MODEL.test(config.model)
    ? { reasoning: { effort: "low" as const }, include: ["reasoning.encrypted_content" as const] }
    : { temperature: 0 };
  const turn: Turn = { refs: new Set(), outputs: [] };
  const conversation: ResponseInputItem[] = [{ role: "user", content: input.text }];
  const sender = { phone: input.phone, ...context };
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const response = await client.responses.create(
        {
          model: config.model,
          instructions: instructions(read.language),
          input: conversation,
          tools: MODEL_TOOLS,
          tool_choice: round === MAX_ROUNDS ? "none" : "auto",
          parallel_tool_calls: false,
          text: { format: VERDICT_FORMAT },
          max_output_tokens: MAX_OUTPUT_TOKENS,
          store: false,
          safety_identifier: createHash("sha256").update(input.phone).digest("hex"),
          ...sampling,
        },
        { signal },
      );
      if (response.status !== "completed")
        return { reason: "incomplete", detail: response.status ?? undefined };
      const refused = response.output.some(
        (item) => item.type === "message" && item.content.some((part) => part.type === "refusal"),
      );
      if (refused) return { reason: "refusal" };
      const calls = response.output.filter((item) => item.type === "function_call");
      if (!calls.length) {
        // Our own parse of the strict format: the SDK's parse() would need its zod helpers loaded.
        const text = response.output_text;
        return text ? { verdict: Verdict.parse(JSON.parse(text)), turn } : { reason: "no_verdict" };
      }
      if (round === MAX_ROUNDS) return { reason: "too_many_rounds" };
      conversation.push(...toResponseInputItems(response.output));
      for (const call of calls) {
        if (!isToolName(call.name)) return { reason: "bad_tool_call", detail: call.name };
        const output = await runTool(call.name, call.arguments, sender, turn);
        conversation.push({ type: "function_call_output", call_id: call.call_id, output });
      }
    }
    return { reason: "too_many_rounds" };
  } catch (error) {
    if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError)
      return { reason: "timeout" };
    if (error instanceof OpenAI.APIError) return { reason: "api_error", detail: String(error.status ?? "") };
    // Output or arguments that are not the strict schema's JSON: the model's fault, not ours.
    if (error instanceof SyntaxError || error instanceof z.ZodError) return { reason: "bad_output" };
    throw error;
  }
}
