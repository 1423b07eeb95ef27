DROP INDEX "shifts_grid_title_start_unique";--> statement-breakpoint
ALTER TABLE "shifts" ADD COLUMN "from_rotation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_rotation_unique" ON "shifts" USING btree ("grid_id","title","starts_at") WHERE "shifts"."from_rotation";--> statement-breakpoint
CREATE INDEX "shifts_grid_starts_at_idx" ON "shifts" USING btree ("grid_id","starts_at");