import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { ConflictError } from './errors';

/** A limit: at most `limit` counted attempts per key in any rolling `windowSeconds`. */
export interface RateRule {
  /** What is limited, e.g. 'login:account'; the key says who. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the oldest counted attempt leaves the window (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Counts one attempt against the rule for `key` and says whether it is within the limit. It runs in
 * a transaction of its own that commits at once, so an attempt is counted even when the request
 * that made it then fails and rolls back; a transaction-level advisory lock on (bucket, key) makes
 * concurrent attempts count one after another, on every server instance alike. A refused attempt is
 * not counted, so a client that keeps hammering is not locked out for longer than the window.
 */
export async function consumeRate(db: Db, rule: RateRule, rawKey: string): Promise<RateDecision> {
  const key = storedKey(rawKey);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${rule.bucket}), hashtext(${key}))`);
    const window = sql`make_interval(secs => ${rule.windowSeconds})`;
    await tx.execute(sql`delete from rate_limit_hits where bucket = ${rule.bucket} and key = ${key} and hit_at < now() - ${window}`);
    const [row] = await tx.execute<{ n: number; oldest: number | null }>(sql`
      select count(*)::int as n, extract(epoch from (min(hit_at) + ${window} - now()))::float8 as oldest
      from rate_limit_hits where bucket = ${rule.bucket} and key = ${key}`);
    if (row.n >= rule.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(row.oldest ?? rule.windowSeconds)) };
    await tx.execute(sql`insert into rate_limit_hits (bucket, key) values (${rule.bucket}, ${key})`);
    return { allowed: true, retryAfterSeconds: 0 };
  });
}

/** Forgets the attempts of a key (a successful login clears its failures). */
export async function clearRate(db: Db, rule: RateRule, rawKey: string): Promise<void> {
  await db.execute(sql`delete from rate_limit_hits where bucket = ${rule.bucket} and key = ${storedKey(rawKey)}`);
}

/** Gives back the latest counted attempt of a key (an attempt that turned out to be legitimate). */
export async function refundRate(db: Db, rule: RateRule, rawKey: string): Promise<void> {
  await db.execute(sql`delete from rate_limit_hits where id = (
    select id from rate_limit_hits where bucket = ${rule.bucket} and key = ${storedKey(rawKey)} order by id desc limit 1)`);
}

/**
 * Keys are stored hashed: the table then holds no mobile numbers or addresses, and a key with a
 * character PostgreSQL text refuses (NUL) is still just a key.
 */
function storedKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** The answer to an attempt over a limit: CONFLICT with reason RATE_LIMITED and when to retry. */
export class RateLimitedError extends ConflictError {
  constructor(retryAfterSeconds: number) {
    super({ key: 'limits.tooManyAttempts', params: { minutes: Math.ceil(retryAfterSeconds / 60) } }, 'RATE_LIMITED');
    this.extensions.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Counts an attempt and throws RateLimitedError when it is over the limit. */
export async function enforceRate(db: Db, rule: RateRule, key: string): Promise<void> {
  const decision = await consumeRate(db, rule, key);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}
