ALTER TABLE "campaign_logs" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "campaign_logs" ALTER COLUMN "status" SET DEFAULT 'planned'::text;--> statement-breakpoint
DROP TYPE "public"."campaign_log_status";--> statement-breakpoint
CREATE TYPE "public"."campaign_log_status" AS ENUM('planned', 'queued', 'excluded', 'cancelled');--> statement-breakpoint
ALTER TABLE "campaign_logs" ALTER COLUMN "status" SET DEFAULT 'planned'::"public"."campaign_log_status";--> statement-breakpoint
ALTER TABLE "campaign_logs" ALTER COLUMN "status" SET DATA TYPE "public"."campaign_log_status" USING "status"::"public"."campaign_log_status";--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "status" SET DEFAULT 'draft'::text;--> statement-breakpoint
DROP TYPE "public"."campaign_status";--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'scheduled', 'sending', 'paused', 'done', 'stopped');--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "status" SET DEFAULT 'draft'::"public"."campaign_status";--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "status" SET DATA TYPE "public"."campaign_status" USING "status"::"public"."campaign_status";--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "daily_cap" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "next_send_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "paused_reason" text;--> statement-breakpoint
CREATE INDEX "wa_messages_campaign_idx" ON "wa_messages" USING btree ("campaign_id") WHERE "wa_messages"."campaign_id" is not null;--> statement-breakpoint
ALTER TABLE "campaigns" DROP COLUMN "throttle";