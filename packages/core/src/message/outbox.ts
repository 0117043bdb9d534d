import { and, asc, eq, isNull, lt } from "drizzle-orm";
import * as z from "zod";
import { useTransaction } from "../db/transaction";
import { Job } from "../job/index";
import { log } from "../log";
import { Queue } from "../queue/index";
import { useClock } from "../util/clock";
import { waMessageTable } from "./message.sql";

type Row = typeof waMessageTable.$inferSelect;

/**
 * How long a committed message may wait for its queue send before the sweeper sends it again.
 * Long enough that a send still under way after commit is not doubled needlessly; the
 * gateway's claim makes a double harmless anyway.
 */
export const OUTBOX_SWEEP_AFTER_MS = 2 * 60_000;
/** Rows one sweep re-sends; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

/**
 * Puts the message's command on its outbound queue and notes that the queue took it. Call it
 * after the ledger row committed. A queue that refuses is logged, not thrown: the row stays
 * queued and the sweeper sends it again, so the business change that caused it stands.
 */
export async function enqueue(row: Pick<Row, "wa_message_id" | "lane">): Promise<boolean> {
  const queue = row.lane === "bulk" ? "wa-outbound-bulk" : "wa-outbound-tx";
  try {
    await Queue.send(
      queue,
      { v: 1, type: "message.send", message_id: row.wa_message_id },
      {
        key: row.wa_message_id,
      },
    );
  } catch (error) {
    log.error("outbound message not queued; the outbox sweeper sends it again", error, {
      message_id: row.wa_message_id,
    });
    return false;
  }
  await useTransaction((tx) =>
    tx
      .update(waMessageTable)
      .set({ enqueued_at: useClock().now() })
      .where(eq(waMessageTable.wa_message_id, row.wa_message_id)),
  );
  return true;
}

/**
 * The outbox sweeper: re-sends the command of every outbound message that committed as queued
 * but whose queue send never happened (the process stopped, or the queue refused) for longer
 * than OUTBOX_SWEEP_AFTER_MS. The gateway's claim (queued and never attempted) keeps a message
 * that was queued twice from going out twice. Returns how many it re-sent.
 */
export async function sweep(): Promise<number> {
  const before = new Date(useClock().now().getTime() - OUTBOX_SWEEP_AFTER_MS);
  const stuck = await useTransaction((tx) =>
    tx
      .select({ wa_message_id: waMessageTable.wa_message_id, lane: waMessageTable.lane })
      .from(waMessageTable)
      .where(
        and(
          eq(waMessageTable.direction, "out"),
          eq(waMessageTable.status, "queued"),
          isNull(waMessageTable.enqueued_at),
          isNull(waMessageTable.send_attempted_at),
          lt(waMessageTable.status_at, before),
        ),
      )
      .orderBy(asc(waMessageTable.status_at))
      .limit(SWEEP_BATCH),
  );
  let sent = 0;
  for (const row of stuck) if (await enqueue(row)) sent++;
  if (stuck.length) log.warn("outbox sweeper re-sent stuck messages", { found: stuck.length, sent });
  return sent;
}

/**
 * The sweeper as a job: scheduled every minute (EventBridge in AWS, the local ticker in npm
 * start). It also re-queues customers' questions the assistant has not answered (their rows
 * are its outbox, core/src/assistant/router.ts), loaded only when the job runs.
 */
export const sweepOutbox = Job.define("message.sweep_outbox", z.object({}), async () => {
  await sweep();
  const { sweepQuestions } = await import("../assistant/router");
  await sweepQuestions();
});
