-- Live subscriptions keep each subscribed account's viewer (roles, own volunteer record) in memory
-- rather than re-reading it for every batch of roster events. These triggers say when to re-read:
-- any change to an account or its role grants notifies `viewer_changed` with the account id (no
-- personal data). The fan-out then re-reads that viewer before its next batch and re-checks the
-- account's sockets through the same path as a request (a revoked or disabled account is closed).
-- Accounts and grants change rarely and never in a booking transaction, so this NOTIFY is off the
-- hot path; PostgreSQL folds repeats within one transaction into one.
CREATE FUNCTION notify_viewer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  IF TG_TABLE_NAME = 'accounts' THEN
    PERFORM pg_notify('viewer_changed', changed.id::text);
  ELSE
    PERFORM pg_notify('viewer_changed', changed.account_id::text);
    -- A grant moved from one account to another tells both.
    IF TG_OP = 'UPDATE' THEN
      PERFORM pg_notify('viewer_changed', OLD.account_id::text);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER accounts_viewer_changed AFTER UPDATE OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION notify_viewer_changed();
--> statement-breakpoint
CREATE TRIGGER role_grants_viewer_changed AFTER INSERT OR UPDATE OR DELETE ON role_grants FOR EACH ROW EXECUTE FUNCTION notify_viewer_changed();
