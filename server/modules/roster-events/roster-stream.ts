import type { RosterNotifier } from './roster-notifier';

/** How often a live stream re-reads without a NOTIFY: the readable horizon (oldest running transaction)
 * also moves when an unrelated long transaction ends, and that sends no notification. */
export const POLL_MS = 1000;

export interface StreamOptions<T> {
  notifier: RosterNotifier;
  /** Events committed after the cursor, oldest first; `cursor` of each is the resume point. */
  readAfter: (cursor: string | null) => Promise<T[]>;
  cursorOf: (event: T) => string;
  /** Where to start: a client's `after`, or the log's head when it has none. */
  start: string | null;
}

/**
 * An endless async stream of roster events: reads everything after the cursor, yields it, then
 * sleeps until a NOTIFY or the poll interval. Because reads are cursor-based and the log is
 * commit-safe, a reconnecting client that passes its last cursor misses nothing.
 */
export async function* rosterStream<T>(options: StreamOptions<T>): AsyncGenerator<T> {
  let cursor = options.start;
  let wake: (() => void) | null = null;
  let pending = false;
  const unsubscribe = options.notifier.onChange(() => {
    pending = true;
    wake?.();
  });
  try {
    for (;;) {
      pending = false;
      const batch = await options.readAfter(cursor);
      if (batch.length) {
        for (const event of batch) {
          cursor = options.cursorOf(event);
          yield event;
        }
        continue;
      }
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = null;
      }
    }
  } finally {
    unsubscribe();
  }
}
