import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { id, ref, timestamps, utc } from "../db/columns";

/** DRAFT → SCHEDULED → SENDING ⇄ PAUSED → DONE, or STOPPED from any but DONE (campaign/index.ts). */
export const campaignStatus = pgEnum("campaign_status", [
  "draft",
  "scheduled",
  "sending",
  "paused",
  "done",
  "stopped",
]);
/**
 * A recipient's place in the campaign: planned (waiting its turn), queued (its message is in the
 * ledger: from then on wa_messages says sent, delivered, read or failed), excluded (never sent:
 * `error` says why) or cancelled (stopped, or opted out, before its turn).
 */
export const campaignLogStatus = pgEnum("campaign_log_status", [
  "planned",
  "queued",
  "excluded",
  "cancelled",
]);

/** One variant of the message: its share of recipients and its text in English and Bahasa Melayu. */
export type CampaignVariant = {
  key: string;
  weight: number;
  text: { en: string; ms?: string };
  /** A picture (blob key in campaigns/images) sent with the text as its caption. */
  image_key?: string;
};

export const campaignTable = pgTable("campaigns", {
  ...id,
  name: text("name").notNull(),
  status: campaignStatus("status").notNull().default("draft"),
  variants: jsonb("variants").$type<CampaignVariant[]>().notNull().default([]),
  /** The saved filter over the customer book (campaign/audience.ts, Filter). */
  audience: jsonb("audience").$type<Record<string, unknown>>().notNull().default({}),
  /** The segment's own cap per day, under the number's budget (settings campaign_throttle). */
  daily_cap: integer("daily_cap"),
  /** The variant the owner picked to send to everyone still waiting. */
  winner: text("winner"),
  scheduled_at: utc("scheduled_at"),
  /** When the governor lets the next message go (governor.ts, release). */
  next_send_at: utc("next_send_at"),
  /** Why it paused: by the owner, or by itself for its health (governor.ts, health). */
  paused_reason: text("paused_reason"),
  /** Health is judged on sends from here: set when the owner resumes a campaign that paused itself. */
  health_since: utc("health_since"),
  started_at: utc("started_at"),
  completed_at: utc("completed_at"),
  created_by: ref("created_by", () => userTable.id),
  ...timestamps,
});

export const campaignLogTable = pgTable(
  "campaign_logs",
  {
    ...id,
    campaign_id: ref("campaign_id", () => campaignTable.id).notNull(),
    customer_id: ref("customer_id", () => customerTable.id).notNull(),
    phone: text("phone").notNull(),
    variant: text("variant"),
    status: campaignLogStatus("status").notNull().default("planned"),
    wa_message_id: text("wa_message_id"),
    error: text("error"),
    status_at: utc("status_at").notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    index("campaign_logs_campaign_status_idx").on(t.campaign_id, t.status),
    uniqueIndex("campaign_logs_campaign_customer_unique").on(t.campaign_id, t.customer_id),
  ],
);
