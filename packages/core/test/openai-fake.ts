import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI Responses API (`POST /v1/responses`) on loopback that plays scripted model
 * outputs in the wire shapes of openai@7's types: function calls, then a final structured
 * message (or a refusal), or a 500, or no answer at all (a hang, for timeouts). Stateless like
 * the real API with `store: false`: the step played is the number of tool results the request
 * carries back, so a script reads as the conversation it stands for. Used by the tests and by
 * `npm run bench -- --assistant`.
 */

export type FakeVerdict = { answer: string; grounded: boolean; sources: string[]; intent: string };

export type Step =
  | { call: string; arguments: Record<string, unknown> }
  | { verdict: FakeVerdict }
  | { refusal: string }
  | { status: number }
  | { hang: true };

/** A script's steps in order, or a function of the request for replies built from tool results. */
export type Script = Step[] | ((request: FakeRequest) => Step);

export type FakeRequest = {
  body: {
    model: string;
    input: { type?: string; role?: string; content?: unknown; call_id?: string; output?: string }[];
    tools?: { name: string; strict?: boolean }[];
    tool_choice?: unknown;
    temperature?: number;
    store?: boolean;
    text?: unknown;
  } & Record<string, unknown>;
  /** The user's message of the conversation. */
  question: string;
  /** The tool outputs sent back so far, parsed. */
  toolResults: unknown[];
};

export type OpenAiFake = {
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Plays `script` for conversations whose user message is `question`, or for any with "*". */
  play: (question: string, script: Script) => void;
  stop: () => Promise<void>;
};

let ids = 0;
const nextId = (prefix: string) => `${prefix}_${(++ids).toString(36).padStart(8, "0")}`;

function outputOf(step: Step) {
  if ("call" in step) {
    const id = nextId("call");
    return [
      {
        type: "function_call",
        id: nextId("fc"),
        call_id: id,
        name: step.call,
        arguments: JSON.stringify(step.arguments),
        status: "completed",
      },
    ];
  }
  const content =
    "verdict" in step
      ? { type: "output_text", text: JSON.stringify(step.verdict), annotations: [] }
      : { type: "refusal", refusal: (step as { refusal: string }).refusal };
  return [{ type: "message", id: nextId("msg"), role: "assistant", status: "completed", content: [content] }];
}

export async function startOpenAiFake(): Promise<OpenAiFake> {
  const scripts = new Map<string, Script>();
  const requests: FakeRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/responses")) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as FakeRequest["body"];
    const user = body.input.find((item) => item.role === "user");
    const question = typeof user?.content === "string" ? user.content : JSON.stringify(user?.content ?? "");
    const toolResults = body.input
      .filter((item) => item.type === "function_call_output")
      .map((item) => JSON.parse(item.output ?? "null"));
    const request: FakeRequest = { body, question, toolResults };
    requests.push(request);
    const script = scripts.get(question) ?? scripts.get("*");
    const step: Step | undefined =
      typeof script === "function"
        ? script(request)
        : script?.[Math.min(toolResults.length, script.length - 1)];
    if (!step) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { message: `no script for ${JSON.stringify(question)}`, type: "invalid_request_error" },
        }),
      );
      return;
    }
    if ("hang" in step) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if ("status" in step) {
      // The SDK retries a 5xx; a short retry-after keeps tests quick.
      res.writeHead(step.status, { "content-type": "application/json", "retry-after-ms": "10" });
      res.end(
        JSON.stringify({ error: { message: "The server had an error", type: "server_error", code: null } }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: nextId("resp"),
        object: "response",
        created_at: 1_773_100_800,
        status: "completed",
        error: null,
        incomplete_details: null,
        instructions: body.instructions ?? null,
        model: body.model,
        output: outputOf(step),
        parallel_tool_calls: false,
        temperature: body.temperature ?? null,
        tool_choice: body.tool_choice ?? "auto",
        tools: body.tools ?? [],
        top_p: null,
        text: body.text ?? null,
        store: false,
        metadata: {},
        usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    play: (question, script) => scripts.set(question, script),
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
