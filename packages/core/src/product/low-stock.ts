import { Message } from "../message/index";
import { Settings } from "../settings/index";

/** Moves whose crossing of the reorder level tells the owner: stock leaving by a sale or a repair. */
export const ALERTING_REASONS = new Set(["sale", "repair_use"]);

export type Crossing = { name: string; sku: string; stock_qty: number; reorder_level: number };

/**
 * One WhatsApp note to the owner (settings whatsapp_templates.alert_phone) per item that just fell
 * to its reorder level, when settings pos.low_stock_whatsapp is on. Written to the message outbox
 * in the caller's transaction, so a sale that rolls back sends nothing and one that commits is
 * never without its note. The dashboard's "Low stock" card shows the same items either way.
 */
export async function tellOwner(crossings: Crossing[]) {
  if (!crossings.length) return;
  const [pos, templates] = await Promise.all([
    Settings.section("pos"),
    Settings.section("whatsapp_templates"),
  ]);
  if (!pos.low_stock_whatsapp || !templates.alert_phone) return;
  for (const item of crossings)
    await Message.send({
      to: templates.alert_phone,
      text: `Low stock: ${item.name} (${item.sku}) has ${item.stock_qty} left; reorder level ${item.reorder_level}`,
      author: "system",
      purpose: "owner_alert",
    });
}
