import { eq } from "drizzle-orm";
import * as z from "zod";
import { customerTable } from "../customer/customer.sql";
import { useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { waThreadTable } from "../message/message.sql";
import { fn } from "../util/fn";
import { INTENTS } from "./intent";
import { answerMessage } from "./model";

export const TryInput = z.object({
  /** A chat whose customer the question comes from (their phone is the identity the tools use). */
  thread_id: z.uuid().optional(),
  /** Or a customer from the book; with neither, the question comes from a number the shop does not know. */
  customer_id: z.uuid().optional(),
  question: z.string().trim().min(1).max(1000),
});

export const TryReply = z
  .object({
    answer: z.string(),
    grounded: z.boolean(),
    fallback: z.boolean(),
    intent: z.enum(INTENTS),
    sources: z.array(z.string()),
    language: z.enum(["en", "ms"]),
  })
  .describe("What the assistant would answer, nothing sent");

/**
 * What the assistant would answer to `question` from this customer, without sending anything
 * or deciding anything: the shop tries its assistant from the dashboard before turning it on.
 */
export const tryReply = fn(TryInput, async (input) => {
  const phone = await phoneOf(input);
  return TryReply.parse(await answerMessage({ phone, text: input.question }));
});

async function phoneOf(input: z.output<typeof TryInput>): Promise<string> {
  if (input.customer_id) {
    const [row] = await useTransaction((tx) =>
      tx
        .select({ phone: customerTable.phone })
        .from(customerTable)
        .where(eq(customerTable.id, input.customer_id!)),
    );
    if (!row) throw new VisibleError("customer.not_found", "No customer with that id.");
    return row.phone;
  }
  if (input.thread_id) {
    const [row] = await useTransaction((tx) =>
      tx
        .select({ phone: waThreadTable.phone })
        .from(waThreadTable)
        .where(eq(waThreadTable.id, input.thread_id!)),
    );
    if (!row) throw new VisibleError("thread.not_found", "No WhatsApp chat with that id.");
    return row.phone;
  }
  return "";
}
