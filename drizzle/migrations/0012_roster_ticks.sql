CREATE TABLE "roster_log" (
	"position" bigint PRIMARY KEY NOT NULL,
	"tick_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	CONSTRAINT "roster_log_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "roster_ticks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "roster_ticks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"snapshot" "pg_snapshot" NOT NULL,
	"last_position" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "roster_log" ADD CONSTRAINT "roster_log_tick_id_roster_ticks_id_fk" FOREIGN KEY ("tick_id") REFERENCES "public"."roster_ticks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_log" ADD CONSTRAINT "roster_log_event_id_roster_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."roster_events"("id") ON DELETE no action ON UPDATE no action;