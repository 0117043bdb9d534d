ALTER TYPE "public"."work_ticket_event_type" ADD VALUE 'CALL_CUSTOMER';--> statement-breakpoint
ALTER TYPE "public"."work_ticket_event_type" ADD VALUE 'CALL_CUSTOMER_DONE';--> statement-breakpoint
CREATE TABLE "wa_auth_state" (
	"session" text NOT NULL,
	"type" text NOT NULL,
	"id" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wa_auth_state_session_type_id_pk" PRIMARY KEY("session","type","id")
);
--> statement-breakpoint
CREATE TABLE "wa_contacts" (
	"phone" text PRIMARY KEY NOT NULL,
	"on_whatsapp" boolean,
	"jid" text,
	"checked_at" timestamp with time zone,
	"restriction" text,
	"restriction_detail" text,
	"restricted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "lease_holder" text;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "qr" text;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "pairing_code" text;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "linked_phone" text;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "pairing_request_phone" text;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "pairing_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "logout_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "alert" text;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "alert_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wa_sessions" ADD COLUMN "metrics" jsonb;--> statement-breakpoint
ALTER TABLE "work_tickets" ADD COLUMN "call_customer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_tickets" ADD COLUMN "call_customer_reason" text;