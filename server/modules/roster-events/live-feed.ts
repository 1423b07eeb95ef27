import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import type { RoutedEventRow } from './log-batch.queries';
import { selectVisibleEvents, type LogRange, type RosterEventFilter } from './roster-event.queries';

/**
 * One kind of subscription on the shared log: rosterChanged reads the roster events, requestChanged
 * (modules/requests) the service request events. Both ride the same ticks, positions, reader and
 * fan-out, so they have the same commit order and cursors; each brings the one SQL that says what a
 * viewer may read of it (also its catch-up query's), so a subscriber never receives more.
 */
export type FeedName = 'roster' | 'requests';

/** A decoded, checked filter of any feed; each feed reads the fields it has. */
export type LiveFilter = RosterEventFilter & { requestId?: number | null };

export interface LiveFeed {
  /** Does this event of the log belong to the feed? */
  carries(event: RoutedEventRow): boolean;
  /** The feed's events in `range` that the viewer may read with the filter, as its query returns them. */
  visible(db: DbOrTx, viewer: Viewer, filter: LiveFilter, range: LogRange): Promise<{ position: number }[]>;
}

export const rosterFeed: LiveFeed = {
  carries: (event) => event.shiftId != null,
  visible: (db, viewer, filter, range) => selectVisibleEvents(db, viewer, filter, range),
};
