import { rosterEvents } from '../../../drizzle/tables';
import type { Tx } from '../../platform/db';
import type { RosterEventKind } from './roster-event.type';

export interface NewRosterEvent {
  kind: RosterEventKind;
  shiftId: number;
  assignmentId?: number | null;
  actorAccountId: number | null;
}

/**
 * Appends to the roster event log inside the caller's transaction, so an event exists exactly
 * when its change commits. The txid column defaults to pg_current_xact_id(): readers order by
 * (txid, id) and stop below the oldest running transaction, so no later commit lands behind a
 * cursor they already hold. An AFTER INSERT trigger sends an empty NOTIFY (no personal data).
 */
export async function appendRosterEvents(tx: Tx, events: NewRosterEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(rosterEvents).values(events.map((e) => ({
    kind: e.kind, shiftId: e.shiftId, assignmentId: e.assignmentId ?? null, actorAccountId: e.actorAccountId,
  })));
}
