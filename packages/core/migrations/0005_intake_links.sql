CREATE TYPE "public"."customer_link_scope" AS ENUM('ticket', 'invoice');--> statement-breakpoint
CREATE TABLE "customer_links" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" "customer_link_scope" NOT NULL,
	"subject_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intake_forms" ADD COLUMN "customer_changes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_links_subject_idx" ON "customer_links" USING btree ("scope","subject_id","expires_at");