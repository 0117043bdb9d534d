import { eq } from "drizzle-orm";
import { useTransaction } from "../db/transaction";
import { waThreadTable } from "../message/message.sql";

/**
 * Who answers a chat. The assistant steps back the moment staff speak in it, from the
 * dashboard or typed on the shop's own phone (the gateway reports those as the shop's own
 * messages), for the pause in settings; "!takeover" does the same on purpose, and "!bot" (or
 * the inbox's hand-back) gives the chat back at once.
 */

export type StaffCommand = "takeover" | "bot";

/** "!takeover" or "!bot" as the message's first word, any case; anything else is not a command. */
export function commandOf(text: string | null | undefined): StaffCommand | undefined {
  const first = text?.trim().toLowerCase().split(/\s+/)[0];
  if (first === "!takeover") return "takeover";
  if (first === "!bot") return "bot";
  return undefined;
}

/** Silences the assistant in the thread until `until`; staff are answering, so the flag for them clears. */
export async function pause(threadId: string, until: Date, by?: string | null) {
  await useTransaction((tx) =>
    tx
      .update(waThreadTable)
      .set({ bot_paused_until: until, takeover_by: by ?? null, needs_staff_at: null })
      .where(eq(waThreadTable.id, threadId)),
  );
}

/** Gives the thread back to the assistant now. */
export async function handBack(threadId: string) {
  await useTransaction((tx) =>
    tx
      .update(waThreadTable)
      .set({ bot_paused_until: null, takeover_by: null })
      .where(eq(waThreadTable.id, threadId)),
  );
}

/** Whether the assistant must stay silent in the thread at `now`. */
export async function isPaused(threadId: string, now: Date): Promise<boolean> {
  const [thread] = await useTransaction((tx) =>
    tx
      .select({ until: waThreadTable.bot_paused_until })
      .from(waThreadTable)
      .where(eq(waThreadTable.id, threadId)),
  );
  return Boolean(thread?.until && thread.until > now);
}

/** Marks the thread as waiting for a person: the assistant could not answer from the shop's data. */
export async function flagForStaff(threadId: string, at: Date) {
  await useTransaction((tx) =>
    tx.update(waThreadTable).set({ needs_staff_at: at }).where(eq(waThreadTable.id, threadId)),
  );
}
