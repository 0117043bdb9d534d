CREATE TYPE "public"."user_role" AS ENUM('admin', 'tech', 'cashier');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('invited', 'active', 'disabled');--> statement-breakpoint
CREATE TYPE "public"."campaign_log_status" AS ENUM('planned', 'queued', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."consent_kind" AS ENUM('whatsapp', 'terms', 'marketing');--> statement-breakpoint
CREATE TYPE "public"."device_category" AS ENUM('phone', 'tablet', 'laptop', 'desktop', 'watch', 'console', 'other');--> statement-breakpoint
CREATE TYPE "public"."language" AS ENUM('en', 'ms');--> statement-breakpoint
CREATE TYPE "public"."whatsapp_consent" AS ENUM('unknown', 'opted_in', 'opted_out');--> statement-breakpoint
CREATE TYPE "public"."einvoice_status" AS ENUM('not_requested', 'pending', 'submitted', 'valid', 'invalid', 'cancelled', 'consolidated');--> statement-breakpoint
CREATE TYPE "public"."invoice_kind" AS ENUM('invoice', 'credit_note', 'debit_note', 'refund_note');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'issued', 'partially_paid', 'paid', 'refunded', 'void');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('cash', 'card', 'fpx', 'duitnow', 'bank_transfer');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('completed', 'refunded', 'void');--> statement-breakpoint
CREATE TYPE "public"."quote_status" AS ENUM('draft', 'sent', 'accepted', 'declined', 'expired', 'converted');--> statement-breakpoint
CREATE TYPE "public"."wa_message_author" AS ENUM('customer', 'staff', 'bot', 'system');--> statement-breakpoint
CREATE TYPE "public"."wa_message_direction" AS ENUM('in', 'out');--> statement-breakpoint
CREATE TYPE "public"."wa_message_kind" AS ENUM('text', 'image', 'document', 'audio', 'video', 'other');--> statement-breakpoint
CREATE TYPE "public"."wa_message_lane" AS ENUM('tx', 'bulk');--> statement-breakpoint
CREATE TYPE "public"."wa_message_status" AS ENUM('queued', 'sent', 'server_ack', 'delivered', 'read', 'failed', 'received');--> statement-breakpoint
CREATE TYPE "public"."wa_session_state" AS ENUM('connecting', 'open', 'closed', 'needs_pairing');--> statement-breakpoint
CREATE TYPE "public"."wa_thread_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."inventory_reason" AS ENUM('purchase', 'sale', 'refund', 'repair_use', 'adjustment', 'return_to_supplier', 'stocktake');--> statement-breakpoint
CREATE TYPE "public"."product_kind" AS ENUM('product', 'part', 'service', 'bundle');--> statement-breakpoint
CREATE TYPE "public"."schedule_state" AS ENUM('pending', 'fired', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."actor_type" AS ENUM('user', 'customer', 'bot', 'system', 'public');--> statement-breakpoint
CREATE TYPE "public"."work_ticket_approval" AS ENUM('pending', 'approved', 'declined');--> statement-breakpoint
CREATE TYPE "public"."work_ticket_close_reason" AS ENUM('picked_up', 'returned_unrepaired', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."work_ticket_event_type" AS ENUM('CREATED', 'ESTIMATE_SET', 'CUSTOMER_APPROVED', 'CUSTOMER_DECLINED', 'READY', 'PICKED_UP', 'CLOSED', 'NOTE', 'PHOTO', 'ASSIGNED', 'PRIORITY_CHANGED', 'MESSAGE_SENT', 'FOLLOW_UP_SENT', 'ESCALATED');--> statement-breakpoint
CREATE TYPE "public"."work_ticket_priority" AS ENUM('low', 'normal', 'high', 'urgent');--> statement-breakpoint
CREATE TYPE "public"."work_ticket_status" AS ENUM('NEW', 'IN_PROGRESS', 'READY', 'CLOSED');--> statement-breakpoint
CREATE SEQUENCE "public"."work_ticket_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1001 CACHE 1;--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"diff" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "user_role" NOT NULL,
	"status" "user_status" DEFAULT 'active' NOT NULL,
	"password_hash" text,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "campaign_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"variant" text,
	"status" "campaign_log_status" DEFAULT 'planned' NOT NULL,
	"wa_message_id" text,
	"error" text,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"variants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"throttle" jsonb,
	"scheduled_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" "consent_kind" NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"text_shown" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"email" text,
	"address" text,
	"language" "language" DEFAULT 'en' NOT NULL,
	"whatsapp_consent" "whatsapp_consent" DEFAULT 'unknown' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"category" "device_category" NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"serial" text,
	"imei" text,
	"color" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "intake_forms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"form_version" integer NOT NULL,
	"customer_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"customer_snapshot" jsonb NOT NULL,
	"device_snapshot" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"photo_keys" text[] DEFAULT '{}' NOT NULL,
	"terms_accepted_at" timestamp with time zone NOT NULL,
	"source_ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invoice_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"product_id" uuid,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"qty" numeric(12, 3) NOT NULL,
	"unit_price" numeric(12, 2) NOT NULL,
	"discount" numeric(12, 2) DEFAULT '0' NOT NULL,
	"tax_type" text,
	"tax_rate" numeric(5, 2) DEFAULT '0' NOT NULL,
	"tax_amount" numeric(12, 2) DEFAULT '0' NOT NULL,
	"line_total" numeric(12, 2) NOT NULL,
	"classification_code" text,
	"unit_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" "invoice_kind" DEFAULT 'invoice' NOT NULL,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	"customer_id" uuid,
	"ticket_id" uuid,
	"original_invoice_id" uuid,
	"currency" char(3) DEFAULT 'MYR' NOT NULL,
	"subtotal" numeric(12, 2) DEFAULT '0' NOT NULL,
	"discount_total" numeric(12, 2) DEFAULT '0' NOT NULL,
	"tax_total" numeric(12, 2) DEFAULT '0' NOT NULL,
	"total" numeric(12, 2) DEFAULT '0' NOT NULL,
	"amount_paid" numeric(12, 2) DEFAULT '0' NOT NULL,
	"issued_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"notes" text,
	"einvoice_status" "einvoice_status" DEFAULT 'not_requested' NOT NULL,
	"einvoice_uuid" text,
	"einvoice_long_id" text,
	"einvoice_errors" jsonb,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"method" "payment_method" NOT NULL,
	"status" "payment_status" DEFAULT 'completed' NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"currency" char(3) DEFAULT 'MYR' NOT NULL,
	"reference" text,
	"refund_of" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_by" uuid,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"status" "quote_status" DEFAULT 'draft' NOT NULL,
	"customer_id" uuid NOT NULL,
	"ticket_id" uuid,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"currency" char(3) DEFAULT 'MYR' NOT NULL,
	"subtotal" numeric(12, 2) DEFAULT '0' NOT NULL,
	"tax_total" numeric(12, 2) DEFAULT '0' NOT NULL,
	"total" numeric(12, 2) DEFAULT '0' NOT NULL,
	"valid_until" timestamp with time zone,
	"invoice_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "wa_message_statuses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"wa_message_id" text NOT NULL,
	"status" "wa_message_status" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wa_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"wa_message_id" text NOT NULL,
	"thread_id" uuid,
	"phone" text NOT NULL,
	"direction" "wa_message_direction" NOT NULL,
	"author" "wa_message_author" NOT NULL,
	"kind" "wa_message_kind" DEFAULT 'text' NOT NULL,
	"body" text,
	"media_key" text,
	"lane" "wa_message_lane",
	"status" "wa_message_status" NOT NULL,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failure_reason" text,
	"ticket_id" uuid,
	"campaign_id" uuid,
	"send_attempted_at" timestamp with time zone,
	"correlation_id" text,
	"wa_timestamp" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "wa_sessions" (
	"name" text PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"state" "wa_session_state" NOT NULL,
	"instance_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "wa_threads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"customer_id" uuid,
	"status" "wa_thread_status" DEFAULT 'open' NOT NULL,
	"bot_paused_until" timestamp with time zone,
	"takeover_by" uuid,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"last_outbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inventory_moves" (
	"id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"qty" integer NOT NULL,
	"reason" "inventory_reason" NOT NULL,
	"ref_type" text,
	"ref_id" text,
	"unit_cost" numeric(12, 2),
	"note" text,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"barcode" text,
	"name" text NOT NULL,
	"description" text,
	"kind" "product_kind" DEFAULT 'product' NOT NULL,
	"parent_id" uuid,
	"variant_attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"bundle_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"price" numeric(12, 2) NOT NULL,
	"cost" numeric(12, 2),
	"wholesale_tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tax_code" text,
	"track_stock" boolean DEFAULT true NOT NULL,
	"stock_qty" integer DEFAULT 0 NOT NULL,
	"reorder_level" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "processed_messages" (
	"queue" text NOT NULL,
	"message_key" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_messages_queue_message_key_pk" PRIMARY KEY("queue","message_key")
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"name" text PRIMARY KEY NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"queue" text NOT NULL,
	"body" jsonb NOT NULL,
	"state" "schedule_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"fired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"is_secret" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "work_ticket_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"type" "work_ticket_event_type" NOT NULL,
	"note" text,
	"photo_keys" text[] DEFAULT '{}' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" integer DEFAULT nextval('work_ticket_number_seq') NOT NULL,
	"customer_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"intake_form_id" uuid,
	"status" "work_ticket_status" DEFAULT 'NEW' NOT NULL,
	"approval" "work_ticket_approval",
	"priority" "work_ticket_priority" DEFAULT 'normal' NOT NULL,
	"assignee_id" uuid,
	"problem" text NOT NULL,
	"diagnosis" text,
	"price_estimate" numeric(12, 2),
	"currency" char(3) DEFAULT 'MYR' NOT NULL,
	"eta_ready_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" "work_ticket_close_reason",
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "campaign_logs" ADD CONSTRAINT "campaign_logs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "campaign_logs" ADD CONSTRAINT "campaign_logs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "intake_forms" ADD CONSTRAINT "intake_forms_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "intake_forms" ADD CONSTRAINT "intake_forms_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_ticket_id_work_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."work_tickets"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_original_invoice_id_invoices_id_fk" FOREIGN KEY ("original_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refund_of_payments_id_fk" FOREIGN KEY ("refund_of") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_ticket_id_work_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."work_tickets"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "wa_messages" ADD CONSTRAINT "wa_messages_thread_id_wa_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."wa_threads"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "wa_threads" ADD CONSTRAINT "wa_threads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "wa_threads" ADD CONSTRAINT "wa_threads_takeover_by_users_id_fk" FOREIGN KEY ("takeover_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "inventory_moves" ADD CONSTRAINT "inventory_moves_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_parent_id_products_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "work_ticket_events" ADD CONSTRAINT "work_ticket_events_ticket_id_work_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."work_tickets"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "work_tickets" ADD CONSTRAINT "work_tickets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "work_tickets" ADD CONSTRAINT "work_tickets_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "work_tickets" ADD CONSTRAINT "work_tickets_intake_form_id_intake_forms_id_fk" FOREIGN KEY ("intake_form_id") REFERENCES "public"."intake_forms"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "work_tickets" ADD CONSTRAINT "work_tickets_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "audit_logs_entity_idx" ON "audit_logs" USING btree ("entity","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_actor_idx" ON "audit_logs" USING btree ("actor_type","actor_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_created_idx" ON "audit_logs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "campaign_logs_campaign_status_idx" ON "campaign_logs" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_logs_campaign_customer_unique" ON "campaign_logs" USING btree ("campaign_id","customer_id");--> statement-breakpoint
CREATE INDEX "consents_customer_kind_idx" ON "consents" USING btree ("customer_id","kind","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_phone_unique" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "devices_customer_idx" ON "devices" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "devices_serial_idx" ON "devices" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "devices_imei_idx" ON "devices" USING btree ("imei");--> statement-breakpoint
CREATE INDEX "invoice_items_invoice_idx" ON "invoice_items" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_unique" ON "invoices" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_idempotency_unique" ON "invoices" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "invoices_issued_idx" ON "invoices" USING btree ("issued_at");--> statement-breakpoint
CREATE INDEX "payments_invoice_idx" ON "payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_idempotency_unique" ON "payments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_number_unique" ON "quotes" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "wa_message_statuses_unique" ON "wa_message_statuses" USING btree ("wa_message_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "wa_messages_wa_id_unique" ON "wa_messages" USING btree ("wa_message_id");--> statement-breakpoint
CREATE INDEX "wa_messages_phone_idx" ON "wa_messages" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "wa_messages_status_idx" ON "wa_messages" USING btree ("status","status_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wa_threads_phone_unique" ON "wa_threads" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "inventory_moves_product_idx" ON "inventory_moves" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_unique" ON "products" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "products_barcode_unique" ON "products" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "schedules_due_idx" ON "schedules" USING btree ("state","fire_at");--> statement-breakpoint
CREATE UNIQUE INDEX "settings_key_unique" ON "settings" USING btree ("key");--> statement-breakpoint
CREATE INDEX "work_ticket_events_ticket_idx" ON "work_ticket_events" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "work_ticket_events_note_fts_idx" ON "work_ticket_events" USING gin (to_tsvector('simple', coalesce("note", '')));--> statement-breakpoint
CREATE UNIQUE INDEX "work_tickets_number_unique" ON "work_tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "work_tickets_status_created_idx" ON "work_tickets" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "work_tickets_customer_idx" ON "work_tickets" USING btree ("customer_id");