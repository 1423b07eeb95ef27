CREATE TYPE "public"."delivery_proof" AS ENUM('HANDOVER_CODE', 'RESIDENT_CONFIRMATION');--> statement-breakpoint
CREATE TYPE "public"."household_need" AS ENUM('LIVING_ALONE', 'ELDERLY', 'DISABLED', 'PREGNANT', 'CHRONIC_ILLNESS', 'UNDER_QUARANTINE');--> statement-breakpoint
CREATE TYPE "public"."run_failure_reason" AS ENUM('NOBODY_HOME', 'REFUSED', 'WRONG_ADDRESS', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."service_request_kind" AS ENUM('HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT');--> statement-breakpoint
CREATE TYPE "public"."service_request_status" AS ENUM('OPEN', 'ASSIGNED', 'EN_ROUTE', 'DONE', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."service_run_status" AS ENUM('ASSIGNED', 'EN_ROUTE', 'DONE', 'FAILED', 'RELEASED');--> statement-breakpoint
CREATE TYPE "public"."urgency" AS ENUM('ROUTINE', 'URGENT', 'EMERGENCY');--> statement-breakpoint
ALTER TYPE "public"."duty_type" ADD VALUE 'HOME_DELIVERY';--> statement-breakpoint
ALTER TYPE "public"."duty_type" ADD VALUE 'MEDICINE_RUN';--> statement-breakpoint
ALTER TYPE "public"."duty_type" ADD VALUE 'MEAL_DELIVERY';--> statement-breakpoint
ALTER TYPE "public"."duty_type" ADD VALUE 'HOME_SAMPLING';--> statement-breakpoint
ALTER TYPE "public"."duty_type" ADD VALUE 'RUBBISH_COLLECTION';--> statement-breakpoint
ALTER TYPE "public"."duty_type" ADD VALUE 'HOME_VISIT';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'GRID_WORKER';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'GRID_LEADER';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_RECORDED';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_UPDATED';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_ASSIGNED';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_CLAIMED';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_EN_ROUTE';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_DONE';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_FAILED';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_RELEASED';--> statement-breakpoint
ALTER TYPE "public"."roster_event_kind" ADD VALUE 'REQUEST_CANCELLED';--> statement-breakpoint
CREATE TABLE "households" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "households_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grid_id" integer NOT NULL,
	"address" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"resident_count" integer DEFAULT 1 NOT NULL,
	"needs" "household_need"[] DEFAULT '{}' NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_resident_count" CHECK ("households"."resident_count" between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"grid_id" integer NOT NULL,
	"kind" "service_request_kind" NOT NULL,
	"urgency" "urgency" DEFAULT 'ROUTINE' NOT NULL,
	"status" "service_request_status" DEFAULT 'OPEN' NOT NULL,
	"details" text,
	"items" text[] DEFAULT '{}' NOT NULL,
	"package_price" numeric(8, 2),
	"paid" boolean DEFAULT false NOT NULL,
	"people" integer DEFAULT 1 NOT NULL,
	"required_skills" text[] DEFAULT '{}' NOT NULL,
	"planned_for" date NOT NULL,
	"period" "tstzrange" NOT NULL,
	"exclusive" boolean DEFAULT false NOT NULL,
	"handover_code" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"cancel_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_requests_people" CHECK ("service_requests"."people" between 1 and 50),
	CONSTRAINT "service_requests_price" CHECK ("service_requests"."package_price" is null or "service_requests"."package_price" between 0 and 100000),
	CONSTRAINT "service_requests_period" CHECK (not isempty("service_requests"."period") and upper("service_requests"."period") - lower("service_requests"."period") <= interval '24 hours'),
	CONSTRAINT "service_requests_cancelled" CHECK (("service_requests"."status" = 'CANCELLED') = ("service_requests"."cancel_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "service_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"volunteer_id" integer,
	"team_id" integer,
	"status" "service_run_status" DEFAULT 'ASSIGNED' NOT NULL,
	"period" "tstzrange" NOT NULL,
	"exclusive" boolean DEFAULT false NOT NULL,
	"claimed" boolean DEFAULT false NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"failure_reason" "run_failure_reason",
	"note" text,
	"proof" "delivery_proof",
	"code_failures" integer DEFAULT 0 NOT NULL,
	"credited_minutes" integer,
	"hours" numeric(6, 2),
	CONSTRAINT "service_runs_holder" CHECK ("service_runs"."volunteer_id" is not null or "service_runs"."team_id" is not null),
	CONSTRAINT "service_runs_runner" CHECK ("service_runs"."status" in ('ASSIGNED', 'RELEASED') or "service_runs"."volunteer_id" is not null),
	CONSTRAINT "service_runs_finished" CHECK (("service_runs"."status" in ('ASSIGNED', 'EN_ROUTE')) = ("service_runs"."finished_at" is null)),
	CONSTRAINT "service_runs_started" CHECK ("service_runs"."status" not in ('EN_ROUTE', 'DONE') or "service_runs"."started_at" is not null),
	CONSTRAINT "service_runs_proof" CHECK (("service_runs"."status" = 'DONE') = ("service_runs"."proof" is not null)),
	CONSTRAINT "service_runs_failure" CHECK (("service_runs"."status" = 'FAILED') = ("service_runs"."failure_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_unique";--> statement-breakpoint
ALTER TABLE "roster_events" ALTER COLUMN "shift_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "role_grants" ADD COLUMN "grid_id" integer;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "request_cutoff" time;--> statement-breakpoint
ALTER TABLE "roster_events" ADD COLUMN "request_id" integer;--> statement-breakpoint
ALTER TABLE "roster_events" ADD COLUMN "run_id" integer;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_runs" ADD CONSTRAINT "service_runs_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_runs" ADD CONSTRAINT "service_runs_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_runs" ADD CONSTRAINT "service_runs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_runs" ADD CONSTRAINT "service_runs_assigned_by_accounts_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "households_grid_address_unique" ON "households" USING btree ("grid_id","address");--> statement-breakpoint
CREATE INDEX "households_grid_idx" ON "households" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "service_requests_grid_day_idx" ON "service_requests" USING btree ("grid_id","planned_for","status");--> statement-breakpoint
CREATE INDEX "service_requests_household_idx" ON "service_requests" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "service_requests_open_idx" ON "service_requests" USING btree ("planned_for") WHERE "service_requests"."status" = 'OPEN';--> statement-breakpoint
CREATE UNIQUE INDEX "service_runs_one_active" ON "service_runs" USING btree ("request_id") WHERE "service_runs"."status" in ('ASSIGNED', 'EN_ROUTE');--> statement-breakpoint
CREATE INDEX "service_runs_request_idx" ON "service_runs" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "service_runs_volunteer_idx" ON "service_runs" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE INDEX "service_runs_team_idx" ON "service_runs" USING btree ("team_id") WHERE "service_runs"."status" in ('ASSIGNED', 'EN_ROUTE');--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_events" ADD CONSTRAINT "roster_events_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_events" ADD CONSTRAINT "roster_events_run_id_service_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."service_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_grants_grid_idx" ON "role_grants" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "grids_leader_idx" ON "grids" USING btree ("leader_volunteer_id");--> statement-breakpoint
CREATE INDEX "roster_events_request_idx" ON "roster_events" USING btree ("request_id");--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_unique" UNIQUE NULLS NOT DISTINCT("account_id","role","organization_id","grid_id");--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_grid_scope" CHECK (("role_grants"."role"::text in ('GRID_WORKER', 'GRID_LEADER')) = ("role_grants"."grid_id" is not null)
    and ("role_grants"."grid_id" is null or "role_grants"."organization_id" is null));--> statement-breakpoint
ALTER TABLE "roster_events" ADD CONSTRAINT "roster_events_subject" CHECK (num_nonnulls("roster_events"."shift_id", "roster_events"."request_id") = 1);