import type { Viewer } from '../auth/viewer';

interface Entry {
  viewer: Viewer;
  stale: boolean;
  subscriptions: number;
}

/**
 * The viewers of the accounts that hold live subscriptions in this process, kept between batches
 * and re-read only when PostgreSQL says the account or its roles changed (NOTIFY viewer_changed,
 * migration viewer_change_notify) or the listening connection was lost. Re-read before the next
 * batch that concerns them, so a revoked role stops the very next event.
 */
export class SubscribedViewers {
  private readonly entries = new Map<number, Entry>();

  /** A subscription of this account starts, with the viewer read just now. */
  hold(viewer: Viewer): void {
    const entry = this.entries.get(viewer.accountId);
    // An entry already marked stale stays so: the account's older subscriptions still need re-reading.
    if (entry) {
      entry.subscriptions++;
    } else {
      this.entries.set(viewer.accountId, { viewer, stale: false, subscriptions: 1 });
    }
  }

  release(accountId: number): void {
    const entry = this.entries.get(accountId);
    if (entry && --entry.subscriptions <= 0) this.entries.delete(accountId);
  }

  /** The account changed (or, without an id, anything may have): re-read before the next batch. */
  invalidate(accountId?: number): boolean {
    if (accountId === undefined) {
      for (const entry of this.entries.values()) entry.stale = true;
      return this.entries.size > 0;
    }
    const entry = this.entries.get(accountId);
    if (entry) entry.stale = true;
    return entry !== undefined;
  }

  stale(accountIds: Iterable<number>): number[] {
    return [...new Set(accountIds)].filter((id) => this.entries.get(id)?.stale);
  }

  refreshed(accountId: number, viewer: Viewer): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    entry.viewer = viewer;
    entry.stale = false;
  }

  get(accountId: number): Viewer | undefined {
    return this.entries.get(accountId)?.viewer;
  }
}
