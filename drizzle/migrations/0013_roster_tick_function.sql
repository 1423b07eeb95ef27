-- The roster log's order comes from ticks, as in PgQ. A tick records pg_current_snapshot(); its
-- batch is every event committed in that snapshot and not in the previous tick's, numbered on from
-- the previous tick's last position in (txid, id) order. A long transaction therefore delays only
-- its own events: they join the first tick that sees them committed, after everything before.
--
-- One ticker at a time, in every process of the cluster: the advisory lock makes each tick read
-- the previous one and commit before the next begins, so positions are handed out and become
-- visible in order, and a reader of `position > cursor` can never have one appear behind it.
-- A tick is only written when its batch is not empty; the NOTIFY (the new head position, no
-- personal data) goes out with the tick's own commit, never from a booking transaction.
CREATE FUNCTION roster_tick() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  prev roster_ticks%ROWTYPE;
  head bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(724202);
  -- A new statement, so a new snapshot: it sees the tick committed by whoever held the lock before.
  SELECT * INTO prev FROM roster_ticks ORDER BY id DESC LIMIT 1;
  -- One statement: its snapshot is both what pg_current_snapshot() records and what it reads.
  WITH batch AS (
    SELECT e.id, row_number() OVER (ORDER BY e.txid, e.id) AS n
      FROM roster_events e
     WHERE e.txid >= pg_snapshot_xmax(prev.snapshot)
        OR e.txid = ANY (ARRAY(SELECT pg_snapshot_xip(prev.snapshot)))
  ), tick AS (
    INSERT INTO roster_ticks (snapshot, last_position)
    SELECT pg_current_snapshot(), prev.last_position + count(*) FROM batch HAVING count(*) > 0
    RETURNING id, last_position
  ), logged AS (
    INSERT INTO roster_log (position, tick_id, event_id)
    SELECT prev.last_position + b.n, t.id, b.id FROM batch b CROSS JOIN tick t
  )
  SELECT last_position INTO head FROM tick;
  IF head IS NULL THEN
    RETURN prev.last_position;
  END IF;
  PERFORM pg_notify('roster_ticks', head::text);
  RETURN head;
END $$;
--> statement-breakpoint
-- The first tick holds every event committed before this migration, in the (txid, id) order
-- readers used until now: a cursor given out before the upgrade names one of these events, and
-- its place here is exactly where that reader stood (roster-event.service.ts maps it).
WITH batch AS (
  SELECT e.id, row_number() OVER (ORDER BY e.txid, e.id) AS n FROM roster_events e
), tick AS (
  INSERT INTO roster_ticks (snapshot, last_position)
  SELECT pg_current_snapshot(), (SELECT count(*) FROM batch)
  RETURNING id
)
INSERT INTO roster_log (position, tick_id, event_id) SELECT b.n, t.id, b.id FROM batch b CROSS JOIN tick t;
--> statement-breakpoint
-- Booking transactions no longer NOTIFY (a commit-time lock every writer queued for); the ticker does.
DROP TRIGGER roster_events_notify ON roster_events;
--> statement-breakpoint
DROP FUNCTION notify_roster_events();
--> statement-breakpoint
CREATE TRIGGER roster_log_append_only BEFORE UPDATE OR DELETE ON roster_log FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER roster_log_no_truncate BEFORE TRUNCATE ON roster_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER roster_ticks_append_only BEFORE UPDATE OR DELETE ON roster_ticks FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER roster_ticks_no_truncate BEFORE TRUNCATE ON roster_ticks FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
