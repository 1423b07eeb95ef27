import type { EventEmitter } from 'node:events';
import type postgres from 'postgres';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { tickRosterLog } from './roster-event.queries';
import { selectLogBatch, type RoutedEventRow } from './log-batch.queries';
import { ROSTER_COMMITTED } from './roster-event.log';

/** How often the process ticks without being asked: catches commits made outside this process
 * (another server's NOTIFY can be missed while the listening connection reconnects; a script). */
export const POLL_MS = 1000;
const BATCH = 500;

export interface LogReaderOptions {
  db: Db;
  sql: postgres.Sql;
  committed: EventEmitter;
  logger: Logger;
  /** Hands one batch, in log order, to the subscriptions; the next batch waits for it. */
  deliver(batch: RoutedEventRow[]): Promise<void>;
  /** False when nobody in the process listens: the reader then skips reading (nothing to deliver). */
  wanted(): boolean;
}

/**
 * The process's one reader of the roster log. It ticks the log (a commit in this process asks
 * for a tick right after it commits, coalesced; the poll asks once a second), follows the head
 * through NOTIFY `roster_ticks` (sent by whichever process ticked), and reads each new batch once
 * for every subscription in the process. Idle, it costs one cheap statement a second.
 */
export class RosterLogReader {
  /** The last position read (and handed on, or skipped when nobody listened). */
  position = 0;
  private head = 0;
  private reading = false;
  private ticking = false;
  private tickAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private listening: postgres.ListenMeta | null = null;
  private readonly kick = () => this.tick();

  constructor(private readonly options: LogReaderOptions) {}

  async start(): Promise<void> {
    this.position = this.head = await tickRosterLog(this.options.db);
    this.options.committed.on(ROSTER_COMMITTED, this.kick);
    this.listening = await this.options.sql.listen('roster_ticks', (payload) => this.advance(Number(payload)), this.kick);
    this.timer = setInterval(this.kick, POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.options.committed.off(ROSTER_COMMITTED, this.kick);
    if (this.timer) clearInterval(this.timer);
    await this.listening?.unlisten().catch(() => {});
  }

  /** Takes a tick now, or once more after the one under way (ticks never overlap in a process). */
  tick(): void {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    void (async () => {
      do {
        this.tickAgain = false;
        try {
          this.advance(await tickRosterLog(this.options.db));
        } catch (error) {
          this.options.logger.warn({ err: error }, 'roster tick failed; the poll tries again');
        }
      } while (this.tickAgain);
      this.ticking = false;
    })();
  }

  /** The log has reached `head`: read up to it, unless a read is under way (it will continue). */
  advance(head: number): void {
    if (Number.isSafeInteger(head) && head > this.head) this.head = head;
    if (!this.reading && this.position < this.head) void this.read();
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      while (this.position < this.head) {
        if (!this.options.wanted()) {
          this.position = this.head;
          break;
        }
        const batch = await selectLogBatch(this.options.db, this.position, BATCH);
        if (batch.length === 0) break;
        this.position = batch.at(-1)!.position;
        await this.options.deliver(batch);
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'reading the roster log failed; the poll tries again');
    } finally {
      this.reading = false;
    }
  }
}
