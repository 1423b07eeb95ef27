CREATE TABLE "grid_role_invitations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grid_role_invitations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grid_id" integer NOT NULL,
	"role" "role" NOT NULL,
	"mobile" text NOT NULL,
	"code_hash" text NOT NULL,
	"invited_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_by" integer,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "grid_role_invitations_role" CHECK ("grid_role_invitations"."role"::text in ('GRID_WORKER', 'GRID_LEADER')),
	CONSTRAINT "grid_role_invitations_accepted" CHECK (("grid_role_invitations"."accepted_by" is null) = ("grid_role_invitations"."accepted_at" is null))
);
--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "claim_limit" integer;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "service_requests" ADD COLUMN "order_key" text;--> statement-breakpoint
ALTER TABLE "grid_role_invitations" ADD CONSTRAINT "grid_role_invitations_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_role_invitations" ADD CONSTRAINT "grid_role_invitations_invited_by_accounts_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_role_invitations" ADD CONSTRAINT "grid_role_invitations_accepted_by_accounts_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_role_invitations_code_unique" ON "grid_role_invitations" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "grid_role_invitations_grid_idx" ON "grid_role_invitations" USING btree ("grid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_requests_order_key_unique" ON "service_requests" USING btree ("household_id","order_key") WHERE "service_requests"."order_key" is not null;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_claim_limit" CHECK ("grids"."claim_limit" is null or "grids"."claim_limit" between 1 and 20);--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_order_key" CHECK ("service_requests"."order_key" is null or length("service_requests"."order_key") between 1 and 100);