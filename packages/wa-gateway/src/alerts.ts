import { systemActor, withActor } from "@wapos/core/actor";
import { Audit } from "@wapos/core/audit/index";
import { log } from "@wapos/core/log";
import { Message } from "@wapos/core/message/index";
import { Settings } from "@wapos/core/settings/index";
import * as Format from "@wapos/core/template/format";

/** What the gateway tells people about its connection: the audit log, the owner's phone, the terminal. */

/** An audit row for each alert and recovery, so the owner can see what happened and when. */
export function recordAlert(
  session: string,
  action: "alert" | "watchdog_restart" | "recovered",
  text: string,
) {
  log.warn("whatsapp connection alert", { action, text });
  return withActor(systemActor("wa-gateway"), () =>
    Audit.record({
      entity: "whatsapp_session",
      entity_id: session,
      action,
      diff: { alert: { from: null, to: text } },
    }),
  ).catch((error: unknown) => log.error("could not audit a WhatsApp alert", error));
}

/** Tells the owner (settings: alert_phone) what happened, now that messages go out again. */
export async function tellOwner(alert: { text: string; at: Date }) {
  try {
    const settings = await Settings.get();
    const phone = settings.whatsapp_templates.alert_phone;
    if (!phone) return;
    const at = Format.dateTime(alert.at, "en", settings.shop.time_zone);
    await withActor(systemActor("wa-gateway"), () =>
      Message.send({
        to: phone,
        text: `${settings.shop.name}: WhatsApp is connected again. Since ${at}: ${alert.text}`,
        author: "system",
        purpose: "owner_alert",
      }),
    );
  } catch (error) {
    log.error("could not tell the owner WhatsApp is back", error);
  }
}

/** Prints a pairing QR on the terminal (npm start). */
export async function printQr(qr: string) {
  const { default: QRCode } = await import("qrcode");
  const art = await QRCode.toString(qr, { type: "terminal", small: true });
  process.stdout.write(
    `\nScan with WhatsApp on the shop's phone: Settings → Linked devices → Link a device\n${art}\n`,
  );
}
