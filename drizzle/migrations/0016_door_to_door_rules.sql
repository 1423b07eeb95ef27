-- Door-to-door service requests: the rules PostgreSQL keeps whatever the code does. A request has
-- at most one active run (unique index, table migration); its status follows its runs; a run moves
-- only forward; an exclusive run may not overlap another of the same volunteer; a DONE run credits
-- hours into the same rollup as shifts, under the duty named by the request's kind.
-- (Enum values added by the previous migration are only written as text here and cast when the
-- functions run, after that migration has committed.)

-- No volunteer holds two exclusive runs at once ([) windows, so back-to-back windows pass).
ALTER TABLE service_runs ADD CONSTRAINT service_runs_no_overlap
  EXCLUDE USING gist (volunteer_id WITH =, period WITH &&)
  WHERE (exclusive AND status IN ('ASSIGNED', 'EN_ROUTE'));
--> statement-breakpoint
-- A request belongs to its household's grid, and keeps it (and its household) for good.
CREATE FUNCTION service_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT grid_id INTO NEW.grid_id FROM households WHERE id = NEW.household_id;
    RETURN NEW;
  END IF;
  IF NEW.household_id <> OLD.household_id OR NEW.grid_id <> OLD.grid_id THEN
    RAISE EXCEPTION 'a service request keeps its household and grid' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status IN ('DONE', 'CANCELLED') THEN
      RAISE EXCEPTION 'a % service request cannot change status', OLD.status USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'CANCELLED' AND EXISTS (SELECT 1 FROM service_runs WHERE request_id = NEW.id AND status IN ('ASSIGNED', 'EN_ROUTE')) THEN
      RAISE EXCEPTION 'a held service request is released before it is cancelled' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_requests_guard BEFORE INSERT OR UPDATE ON service_requests FOR EACH ROW EXECUTE FUNCTION service_requests_guard();
--> statement-breakpoint
-- A run moves forward only: ASSIGNED → EN_ROUTE → DONE, ASSIGNED or EN_ROUTE → FAILED, ASSIGNED →
-- RELEASED. Its request, window and (once set) runner never change; DONE credits whole minutes from
-- setting out to hand-over, clipped to the window widened by 30 minutes each side (as a shift).
CREATE FUNCTION service_runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.request_id <> OLD.request_id OR NEW.period <> OLD.period OR NEW.exclusive <> OLD.exclusive
       OR (OLD.volunteer_id IS NOT NULL AND NEW.volunteer_id IS DISTINCT FROM OLD.volunteer_id) THEN
      RAISE EXCEPTION 'a run keeps its request, window and runner' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
         (OLD.status = 'ASSIGNED' AND NEW.status IN ('EN_ROUTE', 'FAILED', 'RELEASED'))
      OR (OLD.status = 'EN_ROUTE' AND NEW.status IN ('DONE', 'FAILED'))) THEN
      RAISE EXCEPTION 'a run cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF NEW.status = 'DONE' THEN
    NEW.credited_minutes := credited_minutes(NEW.started_at, NEW.finished_at, lower(NEW.period), upper(NEW.period));
    NEW.hours := round(NEW.credited_minutes / 60.0, 2);
  ELSE
    NEW.credited_minutes := NULL;
    NEW.hours := NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_runs_guard BEFORE INSERT OR UPDATE ON service_runs FOR EACH ROW EXECUTE FUNCTION service_runs_guard();
--> statement-breakpoint
-- The request's status is its active run's (ASSIGNED, EN_ROUTE), DONE after a DONE run, OPEN again
-- after a FAILED or RELEASED one (back in the queue, the run kept as history). A new active run
-- takes only an OPEN request: the last word on "one holder at a time".
CREATE FUNCTION service_runs_sync_request() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE next_status text;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  next_status := CASE WHEN NEW.status IN ('FAILED', 'RELEASED') THEN 'OPEN' ELSE NEW.status::text END;
  IF TG_OP = 'INSERT' THEN
    UPDATE service_requests SET status = next_status::service_request_status, updated_at = now()
     WHERE id = NEW.request_id AND status = 'OPEN';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'service request % is not open', NEW.request_id USING ERRCODE = 'unique_violation';
    END IF;
  ELSE
    UPDATE service_requests SET status = next_status::service_request_status, updated_at = now() WHERE id = NEW.request_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_runs_sync_request AFTER INSERT OR UPDATE OF status ON service_runs FOR EACH ROW EXECUTE FUNCTION service_runs_sync_request();
--> statement-breakpoint
-- Completed runs in the hours rollup, beside shifts: (runner, the window's day, the request's grid,
-- the request's kind as the duty), one person-time each.
CREATE FUNCTION service_runs_roll_hours() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.credited_minutes IS NOT DISTINCT FROM OLD.credited_minutes THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'DONE' AND OLD.credited_minutes IS NOT NULL THEN
    SELECT grid_id, kind::text AS duty INTO r FROM service_requests WHERE id = OLD.request_id;
    PERFORM hour_rollup_add(OLD.volunteer_id, shanghai_day(lower(OLD.period)), r.grid_id, r.duty::duty_type, false, NULL, -OLD.credited_minutes, -1, -1);
  END IF;
  IF NEW.status = 'DONE' AND NEW.credited_minutes IS NOT NULL THEN
    SELECT grid_id, kind::text AS duty INTO r FROM service_requests WHERE id = NEW.request_id;
    PERFORM hour_rollup_add(NEW.volunteer_id, shanghai_day(lower(NEW.period)), r.grid_id, r.duty::duty_type, false, NULL, NEW.credited_minutes, 1, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_runs_roll_hours AFTER INSERT OR UPDATE ON service_runs FOR EACH ROW EXECUTE FUNCTION service_runs_roll_hours();
--> statement-breakpoint
-- A request's runs are its history: never deleted.
CREATE TRIGGER service_runs_no_delete BEFORE DELETE ON service_runs FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER service_runs_no_truncate BEFORE TRUNCATE ON service_runs FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
-- A grid's leader holds the grid leader's role over it (viewer.loader reads it): naming or
-- replacing the leader changes what both accounts may do, so live subscriptions re-read them.
CREATE FUNCTION notify_grid_leader_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE account integer;
BEGIN
  IF NEW.leader_volunteer_id IS NOT DISTINCT FROM OLD.leader_volunteer_id THEN
    RETURN NULL;
  END IF;
  FOR account IN SELECT id FROM accounts WHERE volunteer_id IN (OLD.leader_volunteer_id, NEW.leader_volunteer_id) LOOP
    PERFORM pg_notify('viewer_changed', account::text);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER grids_leader_viewer_changed AFTER UPDATE OF leader_volunteer_id ON grids FOR EACH ROW EXECUTE FUNCTION notify_grid_leader_changed();
