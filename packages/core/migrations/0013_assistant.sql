CREATE TYPE "public"."wa_bot_state" AS ENUM('pending', 'answered', 'fallback', 'skipped');--> statement-breakpoint
ALTER TYPE "public"."wa_message_purpose" ADD VALUE 'bot_reply';--> statement-breakpoint
ALTER TABLE "wa_messages" ADD COLUMN "bot_state" "wa_bot_state";--> statement-breakpoint
ALTER TABLE "wa_threads" ADD COLUMN "needs_staff_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "wa_messages_bot_pending_idx" ON "wa_messages" USING btree ("created_at") WHERE "wa_messages"."bot_state" = 'pending';