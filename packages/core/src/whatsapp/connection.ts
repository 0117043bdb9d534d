import { eq } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import type { Tx } from "../db/index";
import { createTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { Phone } from "../util/phone";
import { getSession, sessionName, toConnection } from "./session";
import { waSessionTable } from "./whatsapp.sql";

export * as Connection from "./connection";

/** The audit log's entity for the shop's WhatsApp session (its id is the session name). */
const ENTITY = "whatsapp_session";

export type View = ReturnType<typeof toConnection>;

/** The connection as admins see it: state, QR or pairing code, the linked number, metrics. */
export async function get(): Promise<View> {
  return toConnection(await getSession(sessionName()));
}

/** What every staff member may know: whether WhatsApp works, and the alert if any. */
export async function status(): Promise<Pick<View, "state" | "alert">> {
  const { state, alert } = await get();
  return { state, alert };
}

/**
 * The session row, locked until commit, when its gateway is running. A request left for a
 * gateway that stopped reporting would wait unseen, and staff would wait for a code that
 * never comes, so it is refused with the reason instead.
 *
 * The request is written here rather than with session.ts's requestPairingCode/requestLogout:
 * those use the plain database, which inside this transaction would be a second connection
 * (PGlite has one, and would wait for this transaction forever).
 */
async function lockRunning(tx: Tx) {
  const [row] = await tx
    .select()
    .from(waSessionTable)
    .where(eq(waSessionTable.name, sessionName()))
    .for("update");
  const connection = toConnection(row);
  if (!row || !connection.gateway_running)
    throw new VisibleError(
      "whatsapp.gateway_not_running",
      `The WhatsApp gateway is not running: ${connection.last_error}.`,
      { last_error: connection.last_error },
    );
  return { row, connection };
}

export const PairingCodeInput = z.object({ phone: Phone });

/**
 * Leaves a request for a pairing code for the shop's number (E.164); the gateway picks it up
 * within a second and reports the code in the session. Refused while a number is linked:
 * it has to be unlinked first.
 */
export const requestPairingCode = fn(PairingCodeInput, ({ phone }) =>
  createTransaction(async (tx) => {
    const { row, connection } = await lockRunning(tx);
    if (connection.state === "open")
      throw new VisibleError(
        "whatsapp.already_linked",
        "The shop's WhatsApp number is already linked. Unlink it before pairing again.",
        { linked_phone: connection.linked_phone },
      );
    await tx
      .update(waSessionTable)
      .set({ pairing_request_phone: phone, pairing_requested_at: useClock().now() })
      .where(eq(waSessionTable.name, row.name));
    await Audit.record({
      entity: ENTITY,
      entity_id: row.name,
      action: "request_pairing_code",
      diff: { pairing_request_phone: { from: row.pairing_request_phone, to: phone } },
    });
  }),
);

/** Leaves a request to unlink the shop's number; the gateway then waits for a new pairing (QR). */
export function requestLogout() {
  return createTransaction(async (tx) => {
    const { row } = await lockRunning(tx);
    const now = useClock().now();
    await tx
      .update(waSessionTable)
      .set({ logout_requested_at: now })
      .where(eq(waSessionTable.name, row.name));
    await Audit.record({
      entity: ENTITY,
      entity_id: row.name,
      action: "request_logout",
      diff: {
        logout_requested_at: { from: row.logout_requested_at?.toISOString() ?? null, to: now.toISOString() },
      },
    });
  });
}
