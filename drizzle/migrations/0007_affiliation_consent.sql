CREATE TABLE "sign_up_claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_up_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD COLUMN "id" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_affiliations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD COLUMN "status" "volunteer_status" DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD COLUMN "declined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD COLUMN "requested_name" text;--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD COLUMN "requested_mobile" text;--> statement-breakpoint
ALTER TABLE "sign_up_claims" ADD CONSTRAINT "sign_up_claims_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_up_claims" ADD CONSTRAINT "sign_up_claims_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_up_claims_volunteer_idx" ON "sign_up_claims" USING btree ("volunteer_id");--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD CONSTRAINT "volunteer_affiliations_id_unique" UNIQUE("id");--> statement-breakpoint
-- Affiliations made before consent existed were made by staff who registered the person, as today:
-- they stand confirmed, and each organization's standing starts as the person's status was.
UPDATE "volunteer_affiliations" a SET "confirmed_at" = a."created_at", "status" = v."status"
FROM "volunteers" v WHERE v."id" = a."volunteer_id";--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD CONSTRAINT "volunteer_affiliations_one_answer"
  CHECK ("confirmed_at" IS NULL OR "declined_at" IS NULL);
