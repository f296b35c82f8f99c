CREATE TYPE "public"."payment_direction" AS ENUM('in', 'out');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'confirmed', 'released', 'refunded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."ledger_kind" AS ENUM('hold', 'release', 'refund', 'fee', 'referral_reward');--> statement-breakpoint
CREATE TYPE "public"."owner_kind" AS ENUM('user', 'offer', 'external');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"email" text NOT NULL,
	"referred_by_user_id" uuid,
	"points_balance" numeric(38, 18) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_mongo_id_unique" UNIQUE("mongo_id"),
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"parent_id" uuid,
	"parent_id_raw" text,
	"name" text NOT NULL,
	CONSTRAINT "categories_mongo_id_unique" UNIQUE("mongo_id")
);
--> statement-breakpoint
CREATE TABLE "purchase_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"buyer_id" uuid NOT NULL,
	"category_id" uuid,
	"budget" numeric(38, 18) NOT NULL,
	"currency" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchase_requests_mongo_id_unique" UNIQUE("mongo_id")
);
--> statement-breakpoint
CREATE TABLE "seller_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"request_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"price" numeric(38, 18) NOT NULL,
	"fee" numeric(38, 18) DEFAULT '0' NOT NULL,
	CONSTRAINT "seller_offers_mongo_id_unique" UNIQUE("mongo_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"offer_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"direction" "payment_direction" NOT NULL,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"external_ref" text,
	"amount" numeric(38, 18) NOT NULL,
	"token_decimals" integer NOT NULL,
	"destination_address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_mongo_id_unique" UNIQUE("mongo_id"),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"amount" double precision NOT NULL,
	"idempotency_key" text,
	"owner_kind" "owner_kind" NOT NULL,
	"owner_user_id" uuid,
	"owner_offer_id" uuid,
	"owner_external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_owner_mixed_id" CHECK (("ledger_entries"."owner_kind" = 'user' AND "ledger_entries"."owner_user_id" IS NOT NULL AND "ledger_entries"."owner_offer_id" IS NULL AND "ledger_entries"."owner_external_ref" IS NULL) OR ("ledger_entries"."owner_kind" = 'offer' AND "ledger_entries"."owner_offer_id" IS NOT NULL AND "ledger_entries"."owner_user_id" IS NULL AND "ledger_entries"."owner_external_ref" IS NULL) OR ("ledger_entries"."owner_kind" = 'external' AND "ledger_entries"."owner_external_ref" IS NOT NULL AND "ledger_entries"."owner_user_id" IS NULL AND "ledger_entries"."owner_offer_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "trezor_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"user_id" uuid NOT NULL,
	"xpub" text NOT NULL,
	CONSTRAINT "trezor_accounts_mongo_id_unique" UNIQUE("mongo_id")
);
--> statement-breakpoint
CREATE TABLE "trezor_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"address" text NOT NULL,
	"derivation_index" integer NOT NULL,
	"payment_id" uuid
);
--> statement-breakpoint
CREATE TABLE "point_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mongo_id" varchar(24) NOT NULL,
	"user_id" uuid NOT NULL,
	"order_id" uuid,
	"referred_user_id" uuid,
	"points" numeric(38, 18) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_transactions_mongo_id_unique" UNIQUE("mongo_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_referred_by_user_id_users_id_fk" FOREIGN KEY ("referred_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_offers" ADD CONSTRAINT "seller_offers_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_offers" ADD CONSTRAINT "seller_offers_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_offer_id_seller_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."seller_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_owner_offer_id_seller_offers_id_fk" FOREIGN KEY ("owner_offer_id") REFERENCES "public"."seller_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trezor_accounts" ADD CONSTRAINT "trezor_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trezor_addresses" ADD CONSTRAINT "trezor_addresses_account_id_trezor_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."trezor_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trezor_addresses" ADD CONSTRAINT "trezor_addresses_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_transactions" ADD CONSTRAINT "point_transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_transactions" ADD CONSTRAINT "point_transactions_order_id_purchase_requests_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_transactions" ADD CONSTRAINT "point_transactions_referred_user_id_users_id_fk" FOREIGN KEY ("referred_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_rn_idempotency_idx" ON "payments" USING btree ("provider","external_ref") WHERE "payments"."provider" = 'request.network' AND "payments"."direction" = 'in' AND "payments"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "payments_destination_address_idx" ON "payments" USING btree ("destination_address") WHERE "payments"."destination_address" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_idempotency_key_idx" ON "ledger_entries" USING btree ("idempotency_key") WHERE "ledger_entries"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ledger_entries_payment_id_idx" ON "ledger_entries" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_offer_id_idx" ON "payments" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "payments_status_created_at_idx" ON "payments" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "trezor_addresses_address_idx" ON "trezor_addresses" USING btree ("address");--> statement-breakpoint
CREATE INDEX "point_transactions_user_id_idx" ON "point_transactions" USING btree ("user_id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_entries_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP;
END;
$$;--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON "ledger_entries" FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
