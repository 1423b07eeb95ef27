import type postgres from 'postgres';

/**
 * One LISTEN connection per process on the `roster_events` channel. The payload is empty by
 * design (no personal data goes through NOTIFY); listeners re-read the log from their cursor.
 */
export interface RosterNotifier {
  onChange(listener: () => void): () => void;
  stop(): Promise<void>;
}

export async function startRosterNotifier(sql: postgres.Sql): Promise<RosterNotifier> {
  const listeners = new Set<() => void>();
  const subscription = await sql.listen('roster_events', () => {
    for (const listener of listeners) listener();
  });
  return {
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      await subscription.unlisten();
    },
  };
}
