import { index, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { customerTable } from "../customer/customer.sql";
import { id, ref, timestamps, utc } from "../db/columns";

export const campaignStatus = pgEnum("campaign_status", [
  "draft",
  "scheduled",
  "running",
  "paused",
  "completed",
  "cancelled",
]);
export const campaignLogStatus = pgEnum("campaign_log_status", [
  "planned",
  "queued",
  "sent",
  "delivered",
  "read",
  "replied",
  "failed",
  "skipped",
  "cancelled",
]);

export type CampaignVariant = { key: string; template: string; weight: number };
export type CampaignThrottle = {
  warmup_per_day: number[];
  daily_cap: number;
  min_gap_seconds: number;
  jitter_seconds: number;
  quiet_hours: { start: string; end: string };
};

export const campaignTable = pgTable("campaigns", {
  ...id,
  name: text("name").notNull(),
  status: campaignStatus("status").notNull().default("draft"),
  variants: jsonb("variants").$type<CampaignVariant[]>().notNull().default([]),
  audience: jsonb("audience").$type<Record<string, unknown>>().notNull().default({}),
  throttle: jsonb("throttle").$type<CampaignThrottle>(),
  scheduled_at: utc("scheduled_at"),
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
