CREATE TABLE "einvoice_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"status" "einvoice_status" DEFAULT 'pending' NOT NULL,
	"invoice_count" integer DEFAULT 0 NOT NULL,
	"total" numeric(12, 2) DEFAULT '0' NOT NULL,
	"einvoice_uuid" text,
	"einvoice_long_id" text,
	"einvoice_submission_uid" text,
	"einvoice_errors" jsonb,
	"einvoice_document_key" text,
	"submitted_at" timestamp with time zone,
	"validated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "einvoice_submission_uid" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "einvoice_submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "einvoice_validated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "einvoice_document_key" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "einvoice_buyer" jsonb;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "einvoice_run_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "einvoice_runs_period_unique" ON "einvoice_runs" USING btree ("period");