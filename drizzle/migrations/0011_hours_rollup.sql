-- Credited hours, the rollup that tallies read, and the rules that keep both exact. Everything that
-- credits or corrects hours (check-out, adjustments, a shift's duty or grid changing) goes through
-- these triggers, in the same transaction as the change, so the rollup always equals the ledger.

-- A completed assignment credits the whole minutes (rounded) between check-in and check-out,
-- clipped to the shift widened by 30 minutes on each side.
CREATE FUNCTION credited_minutes(checked_in timestamptz, checked_out timestamptz, starts timestamptz, ends timestamptz)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT greatest(0, round(extract(epoch from (least(checked_out, ends + interval '30 minutes')
                                              - greatest(checked_in, starts - interval '30 minutes'))) / 60))::integer
$$;
--> statement-breakpoint
-- The calendar day a credit counts on: the shift's start, in Asia/Shanghai.
CREATE FUNCTION shanghai_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT (at AT TIME ZONE 'Asia/Shanghai')::date
$$;
--> statement-breakpoint
CREATE FUNCTION assignments_credit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s record;
BEGIN
  IF NEW.status = 'COMPLETED' AND NEW.checked_in_at IS NOT NULL AND NEW.checked_out_at IS NOT NULL THEN
    SELECT starts_at, ends_at INTO s FROM shifts WHERE id = NEW.shift_id;
    NEW.credited_minutes := credited_minutes(NEW.checked_in_at, NEW.checked_out_at, s.starts_at, s.ends_at);
    NEW.hours := round(NEW.credited_minutes / 60.0, 2);
  ELSIF NEW.status <> 'COMPLETED' THEN
    NEW.credited_minutes := NULL;
    NEW.hours := NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_credit BEFORE INSERT OR UPDATE OF status, checked_in_at, checked_out_at, credited_minutes, hours
  ON assignments FOR EACH ROW EXECUTE FUNCTION assignments_credit();
--> statement-breakpoint
-- A grid's (or a subtree's) days are read from this index alone (drizzle-kit cannot write INCLUDE).
CREATE INDEX hour_rollup_grid_day_idx ON hour_rollup (grid_id, day) INCLUDE (volunteer_id, duty, adjusted, organization_id, minutes, person_times);
--> statement-breakpoint
-- Adds (or with negative amounts takes away) one ledger entry's share of a rollup row.
CREATE FUNCTION hour_rollup_add(p_volunteer integer, p_day date, p_grid integer, p_duty duty_type, p_adjusted boolean,
                                p_org integer, p_minutes numeric, p_person_times integer, p_entries integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hour_rollup AS r (volunteer_id, day, grid_id, duty, adjusted, organization_id, minutes, person_times, entries)
  VALUES (p_volunteer, p_day, p_grid, p_duty, p_adjusted, p_org, p_minutes, p_person_times, p_entries)
  ON CONFLICT ON CONSTRAINT hour_rollup_key DO UPDATE
    SET minutes = r.minutes + excluded.minutes, person_times = r.person_times + excluded.person_times,
        entries = r.entries + excluded.entries;
  IF p_entries < 0 THEN
    DELETE FROM hour_rollup WHERE volunteer_id = p_volunteer AND day = p_day AND grid_id IS NOT DISTINCT FROM p_grid
      AND duty IS NOT DISTINCT FROM p_duty AND adjusted = p_adjusted AND organization_id IS NOT DISTINCT FROM p_org AND entries = 0;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION assignments_roll_hours() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s record;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.credited_minutes IS NOT DISTINCT FROM OLD.credited_minutes
     AND NEW.shift_id = OLD.shift_id AND NEW.volunteer_id = OLD.volunteer_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'COMPLETED' AND OLD.credited_minutes IS NOT NULL THEN
    SELECT grid_id, duty, starts_at INTO s FROM shifts WHERE id = OLD.shift_id;
    PERFORM hour_rollup_add(OLD.volunteer_id, shanghai_day(s.starts_at), s.grid_id, s.duty, false, NULL, -OLD.credited_minutes, -1, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'COMPLETED' AND NEW.credited_minutes IS NOT NULL THEN
    SELECT grid_id, duty, starts_at INTO s FROM shifts WHERE id = NEW.shift_id;
    PERFORM hour_rollup_add(NEW.volunteer_id, shanghai_day(s.starts_at), s.grid_id, s.duty, false, NULL, NEW.credited_minutes, 1, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_roll_hours AFTER INSERT OR UPDATE OR DELETE ON assignments FOR EACH ROW EXECUTE FUNCTION assignments_roll_hours();
--> statement-breakpoint
CREATE FUNCTION hour_adjustments_roll() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s record;
BEGIN
  IF NEW.assignment_id IS NOT NULL THEN
    SELECT sh.grid_id, sh.duty, shanghai_day(sh.starts_at) AS day INTO s
      FROM assignments a JOIN shifts sh ON sh.id = a.shift_id WHERE a.id = NEW.assignment_id;
    PERFORM hour_rollup_add(NEW.volunteer_id, s.day, s.grid_id, s.duty, true, NEW.organization_id, NEW.hours * 60, 0, 1);
  ELSE
    PERFORM hour_rollup_add(NEW.volunteer_id, shanghai_day(NEW.created_at), NULL, NULL, true, NEW.organization_id, NEW.hours * 60, 0, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER hour_adjustments_roll AFTER INSERT ON hour_adjustments FOR EACH ROW EXECUTE FUNCTION hour_adjustments_roll();
--> statement-breakpoint
-- A shift's duty, grid or start may change after people served on it: their credits (and the
-- adjustments tied to them) move to the new rollup rows.
CREATE FUNCTION shifts_reroll_hours() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF NEW.duty = OLD.duty AND NEW.grid_id = OLD.grid_id AND shanghai_day(NEW.starts_at) = shanghai_day(OLD.starts_at) THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT volunteer_id, credited_minutes FROM assignments
            WHERE shift_id = NEW.id AND status = 'COMPLETED' AND credited_minutes IS NOT NULL LOOP
    PERFORM hour_rollup_add(r.volunteer_id, shanghai_day(OLD.starts_at), OLD.grid_id, OLD.duty, false, NULL, -r.credited_minutes, -1, -1);
    PERFORM hour_rollup_add(r.volunteer_id, shanghai_day(NEW.starts_at), NEW.grid_id, NEW.duty, false, NULL, r.credited_minutes, 1, 1);
  END LOOP;
  FOR r IN SELECT h.volunteer_id, h.organization_id, h.hours FROM hour_adjustments h JOIN assignments a ON a.id = h.assignment_id
            WHERE a.shift_id = NEW.id LOOP
    PERFORM hour_rollup_add(r.volunteer_id, shanghai_day(OLD.starts_at), OLD.grid_id, OLD.duty, true, r.organization_id, -r.hours * 60, 0, -1);
    PERFORM hour_rollup_add(r.volunteer_id, shanghai_day(NEW.starts_at), NEW.grid_id, NEW.duty, true, r.organization_id, r.hours * 60, 0, 1);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER shifts_reroll_hours AFTER UPDATE OF duty, grid_id, starts_at ON shifts FOR EACH ROW EXECUTE FUNCTION shifts_reroll_hours();
--> statement-breakpoint
-- Existing adjustments get the organization they are recorded for: the correction office when
-- their author is one of its officers (so the correction record stays confidential), else the
-- author's first staff organization. A one-time fill of a new column, not an edit of history, so
-- the append-only guard steps aside for this statement only.
ALTER TABLE hour_adjustments DISABLE TRIGGER hour_adjustments_append_only;
--> statement-breakpoint
UPDATE hour_adjustments h SET organization_id = (
  SELECT g.organization_id FROM role_grants g
   WHERE g.account_id = h.created_by AND g.organization_id IS NOT NULL AND g.role NOT IN ('PLATFORM_ADMIN', 'VOLUNTEER')
   ORDER BY (g.role = 'CORRECTION_OFFICER') DESC, g.id LIMIT 1);
--> statement-breakpoint
ALTER TABLE hour_adjustments ENABLE TRIGGER hour_adjustments_append_only;
--> statement-breakpoint
-- Assignments completed before today's rule: credited again by it (the BEFORE trigger recomputes,
-- the AFTER trigger fills the rollup).
UPDATE assignments SET status = status WHERE status = 'COMPLETED';
--> statement-breakpoint
INSERT INTO hour_rollup (volunteer_id, day, grid_id, duty, adjusted, organization_id, minutes, person_times, entries)
SELECT h.volunteer_id, coalesce(shanghai_day(s.starts_at), shanghai_day(h.created_at)), s.grid_id, s.duty, true, h.organization_id,
       sum(h.hours * 60), 0, count(*)
  FROM hour_adjustments h LEFT JOIN assignments a ON a.id = h.assignment_id LEFT JOIN shifts s ON s.id = a.shift_id
 GROUP BY 1, 2, 3, 4, 6
ON CONFLICT ON CONSTRAINT hour_rollup_key DO UPDATE
  SET minutes = hour_rollup.minutes + excluded.minutes, entries = hour_rollup.entries + excluded.entries;
--> statement-breakpoint
-- An issued certificate is a snapshot: nothing about it changes, except that a reissue marks it
-- superseded, once. Its content hash is the SHA-256 of the stored JSON's canonical text.
CREATE FUNCTION certificates_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.superseded_by IS NOT NULL
     OR (NEW.organization_id, NEW.volunteer_id, NEW.number, NEW.period_from, NEW.period_to, NEW.content, NEW.content_hash,
         NEW.verification_code, NEW.issued_by, NEW.issued_at)
        IS DISTINCT FROM (OLD.organization_id, OLD.volunteer_id, OLD.number, OLD.period_from, OLD.period_to, OLD.content,
         OLD.content_hash, OLD.verification_code, OLD.issued_by, OLD.issued_at) THEN
    RAISE EXCEPTION 'an issued certificate cannot change (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER certificates_immutable BEFORE UPDATE OR DELETE ON certificates FOR EACH ROW EXECUTE FUNCTION certificates_immutable();
--> statement-breakpoint
ALTER TABLE certificates ADD CONSTRAINT certificates_content_hash
  CHECK (content_hash = encode(sha256(convert_to(content::text, 'UTF8')), 'hex'));
--> statement-breakpoint
-- A correction request is decided once; afterwards (and for deletes) nothing about it changes.
CREATE FUNCTION hour_correction_requests_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'PENDING' THEN
    RAISE EXCEPTION 'a decided correction request cannot change (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER hour_correction_requests_decided_once BEFORE UPDATE OR DELETE ON hour_correction_requests
  FOR EACH ROW EXECUTE FUNCTION hour_correction_requests_decided_once();
