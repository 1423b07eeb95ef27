import type postgres from 'postgres';
import type { Viewer } from './viewer';

/** Accounts kept at most; the least recently used goes first. */
const MAX_VIEWERS = 10_000;

/**
 * The viewers of recent bearer tokens, kept between requests so a request with a known token
 * needs no database round trip before its first field. PostgreSQL says when to forget one: any
 * change to an account, its role grants or a grid leadership NOTIFYs `viewer_changed` with the
 * account id (migrations viewer_change_notify, door_to_door_rules). The cache is used only while
 * this process listens; when the listening connection is (re)established everything is forgotten,
 * since changes may have been missed meanwhile. The token itself is still verified on every
 * request, and its version checked against the viewer's (a logout bumps it, and NOTIFYs).
 */
export class ViewerCache {
  private readonly viewers = new Map<number, Viewer>();
  /** Forgettings so far, of everyone and per account: a read that began before one is not kept. */
  private cleared = 0;
  private readonly changed = new Map<number, number>();
  private listening: postgres.ListenMeta | null = null;
  private ready = false;

  async start(sql: postgres.Sql): Promise<void> {
    this.listening = await sql.listen('viewer_changed', (payload) => this.forget(Number(payload)), () => {
      this.forget();
      this.ready = true;
    });
  }

  async stop(): Promise<void> {
    this.ready = false;
    this.forget();
    await this.listening?.unlisten().catch(() => {});
  }

  /** The account's viewer, from memory or read by `load` (and kept, unless a change came meanwhile). */
  async get(accountId: number, load: (accountId: number) => Promise<Viewer | null>): Promise<Viewer | null> {
    const kept = this.ready ? this.viewers.get(accountId) : undefined;
    if (kept) {
      this.viewers.delete(accountId);
      this.viewers.set(accountId, kept);
      return kept;
    }
    const before = this.stamp(accountId);
    const viewer = await load(accountId);
    if (viewer && this.ready && before === this.stamp(accountId)) this.keep(viewer);
    return viewer;
  }

  /** Forgets one account (a NOTIFY, or a token naming a version the kept viewer does not have), or all. */
  forget(accountId?: number): void {
    if (accountId === undefined) {
      this.cleared++;
      this.changed.clear();
      this.viewers.clear();
    } else {
      this.changed.set(accountId, (this.changed.get(accountId) ?? 0) + 1);
      this.viewers.delete(accountId);
    }
  }

  private stamp(accountId: number): string {
    return `${this.cleared}:${this.changed.get(accountId) ?? 0}`;
  }

  private keep(viewer: Viewer): void {
    this.viewers.set(viewer.accountId, viewer);
    if (this.viewers.size > MAX_VIEWERS) this.viewers.delete(this.viewers.keys().next().value!);
  }
}
