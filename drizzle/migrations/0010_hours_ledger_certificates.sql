CREATE TYPE "public"."hour_correction_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."certificate_request_status" AS ENUM('PENDING', 'ISSUED', 'DECLINED');--> statement-breakpoint
CREATE TABLE "hour_correction_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hour_correction_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"assignment_id" integer,
	"period_from" date,
	"period_to" date,
	"claimed_hours" numeric(7, 2) NOT NULL,
	"reason" text NOT NULL,
	"status" "hour_correction_status" DEFAULT 'PENDING' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "hour_correction_requests_subject" CHECK (("hour_correction_requests"."assignment_id" is null) <> ("hour_correction_requests"."period_from" is null) and ("hour_correction_requests"."period_from" is null) = ("hour_correction_requests"."period_to" is null) and ("hour_correction_requests"."period_to" is null or "hour_correction_requests"."period_to" >= "hour_correction_requests"."period_from")),
	CONSTRAINT "hour_correction_requests_decided" CHECK (("hour_correction_requests"."status" = 'PENDING') = ("hour_correction_requests"."decided_at" is null))
);
--> statement-breakpoint
CREATE TABLE "hour_rollup" (
	"volunteer_id" integer NOT NULL,
	"day" date NOT NULL,
	"grid_id" integer,
	"duty" "duty_type",
	"adjusted" boolean NOT NULL,
	"organization_id" integer,
	"minutes" numeric(14, 2) NOT NULL,
	"person_times" integer NOT NULL,
	"entries" integer NOT NULL,
	CONSTRAINT "hour_rollup_key" UNIQUE NULLS NOT DISTINCT("volunteer_id","day","grid_id","duty","adjusted","organization_id")
);
--> statement-breakpoint
CREATE TABLE "certificate_counters" (
	"organization_id" integer NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "certificate_counters_organization_id_year_pk" PRIMARY KEY("organization_id","year")
);
--> statement-breakpoint
CREATE TABLE "certificate_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificate_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" "certificate_request_status" DEFAULT 'PENDING' NOT NULL,
	"certificate_id" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_requests_period" CHECK ("certificate_requests"."period_to" >= "certificate_requests"."period_from"),
	CONSTRAINT "certificate_requests_issued" CHECK (("certificate_requests"."status" = 'ISSUED') = ("certificate_requests"."certificate_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"number" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"verification_code" text NOT NULL,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_by" integer,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "certificates_org_number" UNIQUE("organization_id","number"),
	CONSTRAINT "certificates_number" UNIQUE("number"),
	CONSTRAINT "certificates_superseded" CHECK (("certificates"."superseded_by" is null) = ("certificates"."superseded_at" is null))
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "credited_minutes" integer;--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD COLUMN "organization_id" integer;--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD COLUMN "correction_request_id" integer;--> statement-breakpoint
ALTER TABLE "hour_correction_requests" ADD CONSTRAINT "hour_correction_requests_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_correction_requests" ADD CONSTRAINT "hour_correction_requests_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_correction_requests" ADD CONSTRAINT "hour_correction_requests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_correction_requests" ADD CONSTRAINT "hour_correction_requests_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_rollup" ADD CONSTRAINT "hour_rollup_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_rollup" ADD CONSTRAINT "hour_rollup_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_rollup" ADD CONSTRAINT "hour_rollup_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_counters" ADD CONSTRAINT "certificate_counters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_requests" ADD CONSTRAINT "certificate_requests_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_requests" ADD CONSTRAINT "certificate_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_requests" ADD CONSTRAINT "certificate_requests_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_requests" ADD CONSTRAINT "certificate_requests_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_accounts_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_superseded_by_certificates_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hour_correction_requests_volunteer_idx" ON "hour_correction_requests" USING btree ("volunteer_id","created_at");--> statement-breakpoint
CREATE INDEX "hour_correction_requests_pending_idx" ON "hour_correction_requests" USING btree ("created_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "hour_correction_requests_one_pending" ON "hour_correction_requests" USING btree ("assignment_id") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "hour_rollup_day_idx" ON "hour_rollup" USING btree ("day");--> statement-breakpoint
CREATE INDEX "certificate_requests_org_idx" ON "certificate_requests" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "certificate_requests_volunteer_idx" ON "certificate_requests" USING btree ("volunteer_id","created_at");--> statement-breakpoint
CREATE INDEX "certificates_volunteer_idx" ON "certificates" USING btree ("volunteer_id","issued_at");--> statement-breakpoint
CREATE INDEX "certificates_org_idx" ON "certificates" USING btree ("organization_id","issued_at");--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD CONSTRAINT "hour_adjustments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD CONSTRAINT "hour_adjustments_correction_request_id_hour_correction_requests_id_fk" FOREIGN KEY ("correction_request_id") REFERENCES "public"."hour_correction_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_memberships_team_idx" ON "team_memberships" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "assignments_completed_idx" ON "assignments" USING btree ("volunteer_id",lower("period")) WHERE status = 'COMPLETED';--> statement-breakpoint
CREATE INDEX "hour_adjustments_assignment_idx" ON "hour_adjustments" USING btree ("assignment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hour_adjustments_one_per_request" ON "hour_adjustments" USING btree ("correction_request_id");