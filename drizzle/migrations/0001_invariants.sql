-- Rules drizzle-kit cannot express: materialized paths, the overlap exclusion, and the waitlist order.

CREATE FUNCTION set_tree_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_path ltree;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := text2ltree(NEW.id::text);
  ELSE
    EXECUTE format('SELECT path FROM %I WHERE id = $1', TG_TABLE_NAME) INTO parent_path USING NEW.parent_id;
    NEW.path := parent_path || text2ltree(NEW.id::text);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_path BEFORE INSERT ON organizations FOR EACH ROW EXECUTE FUNCTION set_tree_path();
--> statement-breakpoint
CREATE TRIGGER grids_path BEFORE INSERT ON grids FOR EACH ROW EXECUTE FUNCTION set_tree_path();
--> statement-breakpoint
-- Trees are append-only: moving a node would silently invalidate its descendants' paths.
CREATE FUNCTION forbid_reparent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.path <> OLD.path THEN
    RAISE EXCEPTION 'parent_id cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_no_reparent BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION forbid_reparent();
--> statement-breakpoint
CREATE TRIGGER grids_no_reparent BEFORE UPDATE ON grids FOR EACH ROW EXECUTE FUNCTION forbid_reparent();
--> statement-breakpoint
-- No volunteer holds two seats whose times overlap; [) ranges let back-to-back shifts pass.
ALTER TABLE assignments ADD CONSTRAINT assignments_no_overlap
  EXCLUDE USING gist (volunteer_id WITH =, period WITH &&)
  WHERE (status IN ('ASSIGNED', 'CHECKED_IN', 'COMPLETED'));
--> statement-breakpoint
ALTER TABLE assignments ADD CONSTRAINT assignments_waitlist_seq
  CHECK ((status = 'WAITLISTED') = (waitlist_seq IS NOT NULL) OR status = 'CANCELLED');
--> statement-breakpoint
CREATE SEQUENCE assignment_waitlist_seq;
--> statement-breakpoint
-- Wake listeners after commit; the payload carries no personal data, only that something changed.
CREATE FUNCTION notify_roster_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('roster_events', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER roster_events_notify AFTER INSERT ON roster_events FOR EACH STATEMENT EXECUTE FUNCTION notify_roster_events();
