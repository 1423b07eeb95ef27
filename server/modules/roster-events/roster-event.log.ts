import { rosterEvents } from '../../../drizzle/tables';
import { afterCommit } from '../../platform/commit-hooks';
import type { Tx } from '../../platform/db';
import type { RosterEventKind } from './roster-event.type';

/** The topic a transaction that appended roster events announces once it has committed. */
export const ROSTER_COMMITTED = 'roster_events';

export interface NewRosterEvent {
  kind: RosterEventKind;
  shiftId: number;
  assignmentId?: number | null;
  actorAccountId: number | null;
}

/**
 * Appends to the roster event log inside the caller's transaction, so an event exists exactly
 * when its change commits. Its place in the log comes later, from the first tick that sees it
 * committed (roster_tick); the transaction asks this process's reader for a tick once it has
 * committed, outside the transaction and its locks (no NOTIFY from here).
 */
export async function appendRosterEvents(tx: Tx, events: NewRosterEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(rosterEvents).values(events.map((e) => ({
    kind: e.kind, shiftId: e.shiftId, assignmentId: e.assignmentId ?? null, actorAccountId: e.actorAccountId,
  })));
  afterCommit(tx, ROSTER_COMMITTED);
}

/** For a statement that inserted roster events itself (a CTE): the same announcement after commit. */
export function rosterEventsAppended(tx: Tx): void {
  afterCommit(tx, ROSTER_COMMITTED);
}
