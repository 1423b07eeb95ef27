-- Extensions the tables below need (hand-added: drizzle-kit does not emit them).
CREATE EXTENSION IF NOT EXISTS ltree;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."assignment_status" AS ENUM('ASSIGNED', 'WAITLISTED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."duty_type" AS ENUM('NUCLEIC_ACID_SAMPLING', 'CHECKPOINT', 'SUPPLY_DELIVERY', 'DOOR_TO_DOOR', 'PUBLICITY', 'PATROL', 'DISINFECTION', 'HOTLINE', 'ELDERLY_CARE', 'MEDIATION', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."grid_level" AS ENUM('TOWN', 'VILLAGE', 'GRID', 'SUB_GRID', 'BUILDING');--> statement-breakpoint
CREATE TYPE "public"."organization_kind" AS ENUM('PARTY_ORGANIZATION', 'CHAMBER_OF_COMMERCE', 'CORRECTION_OFFICE', 'COMMUNITY', 'ENTERPRISE', 'PROPERTY_MANAGER', 'SOCIAL_ORGANIZATION', 'GOVERNMENT');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('PLATFORM_ADMIN', 'ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER', 'VOLUNTEER');--> statement-breakpoint
CREATE TYPE "public"."roster_event_kind" AS ENUM('ASSIGNED', 'WAITLISTED', 'PROMOTED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW', 'SHIFT_CREATED', 'SHIFT_UPDATED', 'SHIFT_CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."shift_status" AS ENUM('OPEN', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."team_kind" AS ENUM('PARTY_BRANCH', 'CHAMBER_OF_COMMERCE', 'COMMUNITY_CORRECTION', 'GRID_SERVICE', 'WORKING_GROUP', 'RESCUE', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."team_role" AS ENUM('LEADER', 'MEMBER');--> statement-breakpoint
CREATE TYPE "public"."volunteer_status" AS ENUM('PENDING', 'ACTIVE', 'SUSPENDED', 'ARCHIVED');--> statement-breakpoint
CREATE TYPE "public"."zone_level" AS ENUM('LOCKDOWN', 'CONTROL', 'PREVENTION', 'NORMAL');--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"kind" "organization_kind" NOT NULL,
	"parent_id" integer,
	"path" "ltree" DEFAULT '' NOT NULL,
	"rest_limit_hours" numeric(4, 1) DEFAULT 12 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"mobile" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"volunteer_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_mobile_unique" UNIQUE("mobile"),
	CONSTRAINT "accounts_volunteer_id_unique" UNIQUE("volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "role_grants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "role_grants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"account_id" integer NOT NULL,
	"role" "role" NOT NULL,
	"organization_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_grants_unique" UNIQUE NULLS NOT DISTINCT("account_id","role","organization_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_affiliations" (
	"volunteer_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_affiliations_volunteer_id_organization_id_pk" PRIMARY KEY("volunteer_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"mobile" text NOT NULL,
	"id_number_cipher" "bytea",
	"id_number_hash" text,
	"id_number_hint" text,
	"party_member" boolean DEFAULT false NOT NULL,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"status" "volunteer_status" DEFAULT 'ACTIVE' NOT NULL,
	"registered_by" integer,
	"home_grid_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_mobile_unique" UNIQUE("mobile"),
	CONSTRAINT "volunteers_id_number_hash_unique" UNIQUE("id_number_hash")
);
--> statement-breakpoint
CREATE TABLE "team_memberships" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "team_memberships_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"team_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"role" "team_role" DEFAULT 'MEMBER' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" "team_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deployments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"team_id" integer NOT NULL,
	"grid_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployments_period_check" CHECK ("deployments"."ends_on" is null or "deployments"."ends_on" >= "deployments"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grids_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"level" "grid_level" NOT NULL,
	"parent_id" integer,
	"organization_id" integer NOT NULL,
	"path" "ltree" DEFAULT '' NOT NULL,
	"zone" "zone_level" DEFAULT 'NORMAL' NOT NULL,
	"leader_volunteer_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zone_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "zone_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grid_id" integer NOT NULL,
	"zone" "zone_level" NOT NULL,
	"changed_by" integer,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shift_eligible_teams" (
	"shift_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	CONSTRAINT "shift_eligible_teams_shift_id_team_id_pk" PRIMARY KEY("shift_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shifts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grid_id" integer NOT NULL,
	"title" text NOT NULL,
	"duty" "duty_type" NOT NULL,
	"location" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"filled" integer DEFAULT 0 NOT NULL,
	"party_seated" integer DEFAULT 0 NOT NULL,
	"required_skills" text[] DEFAULT '{}' NOT NULL,
	"requires_party_member" boolean DEFAULT false NOT NULL,
	"status" "shift_status" DEFAULT 'OPEN' NOT NULL,
	"cancel_reason" text,
	"check_in_code" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shifts_capacity_range" CHECK ("shifts"."capacity" between 1 and 1000),
	CONSTRAINT "shifts_not_overbooked" CHECK ("shifts"."filled" between 0 and "shifts"."capacity"),
	CONSTRAINT "shifts_party_seated" CHECK ("shifts"."party_seated" between 0 and "shifts"."filled"),
	CONSTRAINT "shifts_period" CHECK ("shifts"."ends_at" > "shifts"."starts_at" and "shifts"."ends_at" - "shifts"."starts_at" <= interval '24 hours')
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"shift_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"status" "assignment_status" NOT NULL,
	"period" "tstzrange" NOT NULL,
	"waitlist_seq" bigint,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"hours" numeric(6, 2)
);
--> statement-breakpoint
CREATE TABLE "roster_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "roster_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"kind" "roster_event_kind" NOT NULL,
	"shift_id" integer NOT NULL,
	"assignment_id" integer,
	"actor_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hour_adjustments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hour_adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"hours" numeric(7, 2) NOT NULL,
	"reason" text NOT NULL,
	"assignment_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"account_id" integer NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_account_id_key_pk" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_parent_id_organizations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD CONSTRAINT "volunteer_affiliations_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_affiliations" ADD CONSTRAINT "volunteer_affiliations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_registered_by_organizations_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_home_grid_id_grids_id_fk" FOREIGN KEY ("home_grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_parent_id_grids_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_leader_volunteer_id_volunteers_id_fk" FOREIGN KEY ("leader_volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_changes" ADD CONSTRAINT "zone_changes_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_changes" ADD CONSTRAINT "zone_changes_changed_by_accounts_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_eligible_teams" ADD CONSTRAINT "shift_eligible_teams_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_eligible_teams" ADD CONSTRAINT "shift_eligible_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_events" ADD CONSTRAINT "roster_events_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_events" ADD CONSTRAINT "roster_events_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_events" ADD CONSTRAINT "roster_events_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD CONSTRAINT "hour_adjustments_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD CONSTRAINT "hour_adjustments_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hour_adjustments" ADD CONSTRAINT "hour_adjustments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organizations_path_gist" ON "organizations" USING gist ("path");--> statement-breakpoint
CREATE INDEX "organizations_parent_idx" ON "organizations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "volunteer_affiliations_org_idx" ON "volunteer_affiliations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "volunteers_name_trgm" ON "volunteers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "team_memberships_active_unique" ON "team_memberships" USING btree ("team_id","volunteer_id") WHERE left_at is null;--> statement-breakpoint
CREATE INDEX "team_memberships_volunteer_idx" ON "team_memberships" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_org_name_unique" ON "teams" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "deployments_grid_idx" ON "deployments" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "deployments_team_idx" ON "deployments" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "grids_path_gist" ON "grids" USING gist ("path");--> statement-breakpoint
CREATE INDEX "grids_parent_idx" ON "grids" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "grids_org_idx" ON "grids" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "zone_changes_grid_idx" ON "zone_changes" USING btree ("grid_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_grid_title_start_unique" ON "shifts" USING btree ("grid_id","title","starts_at");--> statement-breakpoint
CREATE INDEX "shifts_starts_at_idx" ON "shifts" USING btree ("starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_one_open_per_shift" ON "assignments" USING btree ("shift_id","volunteer_id") WHERE status <> 'CANCELLED';--> statement-breakpoint
CREATE INDEX "assignments_shift_idx" ON "assignments" USING btree ("shift_id","status");--> statement-breakpoint
CREATE INDEX "assignments_volunteer_idx" ON "assignments" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE INDEX "roster_events_order_idx" ON "roster_events" USING btree ("txid","id");--> statement-breakpoint
CREATE INDEX "roster_events_shift_idx" ON "roster_events" USING btree ("shift_id");--> statement-breakpoint
CREATE INDEX "hour_adjustments_volunteer_idx" ON "hour_adjustments" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");