import type { FunctionTool } from "openai/resources/responses/responses";
import * as z from "zod";
import { Money } from "../money/index";
import { zoneParts } from "../util/zone";
import { ticketNumberOf } from "./entities";
import { STATE_OUTPUT } from "./grounding";
import { type InvoiceFact, pricesFor, salesOf, senderOf, type TicketFact, ticketsOf } from "./tools";

/**
 * The model's read-only tools: strict function tools over tools.ts. Whose records they read is
 * never an argument: every executor starts from the sender's phone, which our code holds, so a
 * ticket number the model passes only narrows the sender's own tickets. Each row carries the
 * `ref` an answer must cite; the turn keeps every ref and output for the grounding check.
 */

const TicketArgs = z.object({
  ticket_number: z
    .string()
    .nullable()
    .describe("A ticket number the customer gave, e.g. T-1042; null for all of their repairs."),
});
const PriceArgs = z.object({
  words: z
    .array(z.string())
    .describe("Device and part words of the item, e.g. ['iphone 13', 'screen'] or ['type-c', 'port']."),
});

/**
 * A strict function tool from its zod schema (what openai/helpers/zod's zodResponsesFunction
 * makes), without loading the SDK: the Lambdas load it only when a key is set.
 */
export const strictSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: "draft-7", io: "output" }) as Record<string, unknown>;
const strictTool = (tool: { name: string; description: string; parameters: z.ZodType }): FunctionTool => ({
  type: "function",
  name: tool.name,
  description: tool.description,
  parameters: strictSchema(tool.parameters),
  strict: true,
});

export const MODEL_TOOLS = [
  strictTool({
    name: "my_repairs",
    description:
      "The customer's own repairs (open, or collected in the last 30 days): status, device, estimate, expected ready time, amount to pay, status page link.",
    parameters: TicketArgs,
  }),
  strictTool({
    name: "my_invoices",
    description:
      "The customer's own invoices (of their repairs, and of counter sales in the last 30 days) with their totals, the amount still to pay and the link to view them.",
    parameters: TicketArgs,
  }),
  strictTool({
    name: "price_list",
    description: "The shop's catalogue prices of repairs, parts and accessories whose name holds every word.",
    parameters: PriceArgs,
  }),
];

export type ToolName = "my_repairs" | "my_invoices" | "price_list";

/** What the tools returned in one turn: the refs an answer may cite and the outputs it may quote. */
export type Turn = { refs: Set<string>; outputs: string[] };

type Sender = { phone: string; now: Date; timeZone: string };

const STATUS: Record<TicketFact["status"], string> = STATE_OUTPUT;

/** "2026-03-12 18:00" and its weekday in the shop's zone: the forms the grounding check reads. */
function local(at: Date | null, timeZone: string) {
  if (!at) return null;
  const parts = zoneParts(at, timeZone, {
    hour: "2-digit",
    minute: "2-digit",
    weekday: "long",
    hourCycle: "h23",
  });
  return {
    at: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`,
    weekday: parts.weekday,
  };
}

const owed = (invoice: InvoiceFact) => Money.format(invoice.due);

async function senderTickets(sender: Sender, ticketNumber: string | null): Promise<TicketFact[]> {
  const customer = await senderOf(sender.phone);
  if (!customer) return [];
  const tickets = await ticketsOf(customer.customer_id, sender.now);
  if (ticketNumber === null) return tickets;
  const wanted = ticketNumberOf(ticketNumber.toLowerCase());
  return tickets.filter((t) => t.number === wanted);
}

const EXECUTORS: Record<
  ToolName,
  (args: unknown, sender: Sender) => Promise<{ refs: string[]; output: unknown }>
> = {
  my_repairs: async (args, sender) => {
    const tickets = await senderTickets(sender, TicketArgs.parse(args).ticket_number);
    return {
      refs: tickets.flatMap((t) => [t.number, ...(t.invoice ? [t.invoice.number] : [])]),
      output: {
        repairs: tickets.map((t) => ({
          ref: t.number,
          device: t.device,
          status: STATUS[t.status],
          estimate: t.price_estimate ? Money.format(t.price_estimate) : null,
          estimate_approval: t.approval,
          expected_ready:
            t.status === "IN_PROGRESS" || t.status === "NEW" ? local(t.eta_ready_at, sender.timeZone) : null,
          collected: local(t.closed_at, sender.timeZone),
          to_pay: t.invoice ? owed(t.invoice) : null,
          status_page: t.link,
        })),
      },
    };
  },
  my_invoices: async (args, sender) => {
    const { ticket_number } = TicketArgs.parse(args);
    const billed = (await senderTickets(sender, ticket_number)).filter((t) => t.invoice);
    // Counter sales have no repair: asked about one repair, the customer gets that repair's only.
    const customer = ticket_number === null ? await senderOf(sender.phone) : undefined;
    const sales = customer ? await salesOf(customer.customer_id, sender.now) : [];
    return {
      refs: [...billed.flatMap((t) => [t.invoice!.number, t.number]), ...sales.map((sale) => sale.number)],
      output: {
        invoices: [
          ...billed.map((t) => ({
            ref: t.invoice!.number,
            ticket: t.number,
            total: Money.format(t.invoice!.total),
            to_pay: owed(t.invoice!),
            link: t.link,
          })),
          ...sales.map((sale) => ({
            ref: sale.number,
            counter_sale_on: local(sale.issued_at, sender.timeZone),
            total: Money.format(sale.total),
            to_pay: owed(sale),
            link: sale.link,
          })),
        ],
      },
    };
  },
  price_list: async (args) => {
    const items = await pricesFor(PriceArgs.parse(args).words.flatMap((w) => w.split(/\s+/)));
    return {
      refs: items.map((p) => `product:${p.sku}`),
      output: {
        items: items.map((p) => ({ ref: `product:${p.sku}`, name: p.name, price: Money.format(p.price) })),
      },
    };
  },
};

export const isToolName = (name: string): name is ToolName => name in EXECUTORS;

/**
 * Runs one function call for `sender` and records what it returned in `turn`. Throws on
 * arguments that do not match the tool's schema (a strict tool never sends them).
 */
export async function runTool(
  name: ToolName,
  rawArguments: string,
  sender: Sender,
  turn: Turn,
): Promise<string> {
  const { refs, output } = await EXECUTORS[name](JSON.parse(rawArguments), sender);
  const text = JSON.stringify(output);
  for (const ref of refs) turn.refs.add(ref);
  turn.outputs.push(text);
  return text;
}
