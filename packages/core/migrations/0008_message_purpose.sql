CREATE TYPE "public"."wa_message_purpose" AS ENUM('ticket_notice', 'follow_up', 'campaign', 'staff', 'consent_confirmation', 'owner_alert');--> statement-breakpoint
ALTER TYPE "public"."wa_message_status" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "wa_messages" ADD COLUMN "purpose" "wa_message_purpose";