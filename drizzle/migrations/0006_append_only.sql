-- The hours ledger and the roster event log are append-only: a correction is a new row, never an
-- edit. PostgreSQL refuses UPDATE, DELETE and TRUNCATE on them whoever asks, so no code path (or
-- operator with psql) can rewrite history by accident.
CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER hour_adjustments_append_only BEFORE UPDATE OR DELETE ON hour_adjustments FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER hour_adjustments_no_truncate BEFORE TRUNCATE ON hour_adjustments FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER roster_events_append_only BEFORE UPDATE OR DELETE ON roster_events FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER roster_events_no_truncate BEFORE TRUNCATE ON roster_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
