import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, startTimeOf } from './processes';

/** Who holds a data directory: enough for a successor to prove the holder gone, and to name it. */
export interface LockRecord {
  pid: number;
  /** Start time of `pid` (see startTimeOf): a reused pid is not the holder. */
  startTime: string | null;
  /** Where the holder serves, once it listens. */
  url: string | null;
}

/** A second gridroster on a data directory a live one serves: the one line it prints before exiting. */
export class DataDirInUseError extends Error {
  constructor(readonly dir: string, readonly holder: LockRecord) {
    const where = holder.url ? `serving ${holder.url}` : 'still starting';
    super(`gridroster: the data directory ${dir} is in use by gridroster process ${holder.pid} (${where}); `
      + `stop that one first (Ctrl-C in its terminal, or kill ${holder.pid}), or set GRIDROSTER_DATA_DIR to another directory.`);
  }
}

export interface DataDirLock {
  /** Records where this process serves, for the message a second instance prints. */
  announce(url: string): void;
  release(): void;
}

const LOCK_FILE = 'gridroster.lock';

/**
 * Takes the data directory for the life of this process. The lock is a file created with O_EXCL
 * holding our pid and its start time; a lock whose process is gone (killed outright) is stale and
 * taken over. A live holder is never touched: the caller gets DataDirInUseError.
 */
export function acquireDataDirLock(dir: string): DataDirLock {
  const file = join(dir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, startTime: startTimeOf(process.pid), url: null };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine) + '\n', { flag: 'wx', mode: 0o644 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) throw error;
    }
    const holder = readRecord(file);
    if (holder && holds(holder)) throw new DataDirInUseError(dir, holder);
    removeStale(file, holder);
  }
  let released = false;
  return {
    announce(url) {
      if (released) return;
      mine.url = url;
      const temporary = `${file}.${process.pid}`;
      writeFileSync(temporary, JSON.stringify(mine) + '\n', { mode: 0o644 });
      renameSync(temporary, file);
    },
    release() {
      if (released) return;
      released = true;
      if (readRecord(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** True when the recorded process is alive and is the very process that took the lock. */
function holds(record: LockRecord): boolean {
  if (record.pid === process.pid || !isAlive(record.pid)) return false;
  const started = startTimeOf(record.pid);
  return record.startTime == null || started == null || started === record.startTime;
}

function readRecord(file: string): LockRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockRecord>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startTime: parsed.startTime ?? null, url: parsed.url ?? null } : null;
  } catch {
    return null;
  }
}

/**
 * Moves a stale lock aside. Two successors may both judge the same lock stale; the rename lets
 * one win, and a loser that moved a lock the winner had just written puts it back.
 */
function removeStale(file: string, stale: LockRecord | null): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readRecord(aside);
  if (moved && stale && moved.pid !== stale.pid && holds(moved)) {
    try {
      linkSync(aside, file);
    } catch { /* the winner's lock is back or a newer one stands */ }
  }
  try {
    unlinkSync(aside);
  } catch { /* already gone */ }
}
