-- Door-to-door gaps, as PostgreSQL keeps them: a volunteer holds at most a grid's claim limit of open
-- non-exclusive claims; an archived household takes no new request; a run for a quarantined home's
-- rubbish is credited under a neutral duty, so no tally hints which homes are quarantined.

-- The duty a completed run credits: its request's kind, except rubbish collection (done only for
-- quarantined homes), counted as door-to-door service like any other visit.
CREATE FUNCTION run_duty(p_kind service_request_kind) RETURNS duty_type LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_kind::text = 'RUBBISH_COLLECTION' THEN 'DOOR_TO_DOOR'::duty_type ELSE p_kind::text::duty_type END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION service_runs_roll_hours() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.credited_minutes IS NOT DISTINCT FROM OLD.credited_minutes THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'DONE' AND OLD.credited_minutes IS NOT NULL THEN
    SELECT grid_id, run_duty(kind) AS duty INTO r FROM service_requests WHERE id = OLD.request_id;
    PERFORM hour_rollup_add(OLD.volunteer_id, shanghai_day(lower(OLD.period)), r.grid_id, r.duty, false, NULL, -OLD.credited_minutes, -1, -1);
  END IF;
  IF NEW.status = 'DONE' AND NEW.credited_minutes IS NOT NULL THEN
    SELECT grid_id, run_duty(kind) AS duty INTO r FROM service_requests WHERE id = NEW.request_id;
    PERFORM hour_rollup_add(NEW.volunteer_id, shanghai_day(lower(NEW.period)), r.grid_id, r.duty, false, NULL, NEW.credited_minutes, 1, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Runs already credited under the old duty move to the neutral one.
DO $$
DECLARE x record;
BEGIN
  FOR x IN SELECT r.volunteer_id, shanghai_day(lower(r.period)) AS day, q.grid_id, r.credited_minutes
             FROM service_runs r JOIN service_requests q ON q.id = r.request_id
            WHERE r.status = 'DONE' AND r.credited_minutes IS NOT NULL AND q.kind::text = 'RUBBISH_COLLECTION' LOOP
    PERFORM hour_rollup_add(x.volunteer_id, x.day, x.grid_id, 'RUBBISH_COLLECTION'::text::duty_type, false, NULL, -x.credited_minutes, -1, -1);
    PERFORM hour_rollup_add(x.volunteer_id, x.day, x.grid_id, 'DOOR_TO_DOOR'::duty_type, false, NULL, x.credited_minutes, 1, 1);
  END LOOP;
END $$;
--> statement-breakpoint
-- A request belongs to its household's grid and keeps it; an archived household takes no new one.
CREATE OR REPLACE FUNCTION service_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE archived timestamptz;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT grid_id, archived_at INTO NEW.grid_id, archived FROM households WHERE id = NEW.household_id;
    IF archived IS NOT NULL THEN
      RAISE EXCEPTION 'household % is archived', NEW.household_id USING ERRCODE = 'check_violation', CONSTRAINT = 'households_archived';
    END IF;
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
-- The claim limit of a grid: its own, else the nearest grid above that sets one, else 3.
CREATE FUNCTION grid_claim_limit(p_grid integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT a.claim_limit FROM grids g, grids a
    WHERE g.id = p_grid AND a.id = any(string_to_array(g.path::text, '.')::int[]) AND a.claim_limit IS NOT NULL
    ORDER BY nlevel(a.path) DESC LIMIT 1), 3)
$$;
--> statement-breakpoint
-- A volunteer's claims serialize on a lock of their own (not the volunteer's row, which other work
-- locks), so two concurrent claims cannot both pass the count.
CREATE FUNCTION service_runs_claim_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE held integer; cap integer;
BEGIN
  IF NOT NEW.claimed OR NEW.exclusive OR NEW.volunteer_id IS NULL OR NEW.status NOT IN ('ASSIGNED', 'EN_ROUTE') THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('service_runs_claim_limit'), NEW.volunteer_id);
  SELECT count(*) INTO held FROM service_runs
   WHERE volunteer_id = NEW.volunteer_id AND claimed AND NOT exclusive AND status IN ('ASSIGNED', 'EN_ROUTE');
  SELECT grid_claim_limit(grid_id) INTO cap FROM service_requests WHERE id = NEW.request_id;
  IF held >= cap THEN
    RAISE EXCEPTION 'volunteer % holds % open claims (limit %)', NEW.volunteer_id, held, cap
      USING ERRCODE = 'check_violation', CONSTRAINT = 'service_runs_claim_limit';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_runs_claim_limit BEFORE INSERT ON service_runs FOR EACH ROW EXECUTE FUNCTION service_runs_claim_limit();
