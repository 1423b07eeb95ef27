import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { oneTimeCodes } from '../../drizzle/tables';
import type { Db, DbOrTx } from './db';

/** Wrong guesses a code survives; at the limit it stops working, so guessing cannot succeed. */
export const MAX_CODE_ATTEMPTS = 5;

/** Letters and digits that cannot be mistaken for each other when read aloud or copied by hand. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export type CodeShape = 'digits6' | 'words10';

/** A fresh code: six digits for an SMS, ten unambiguous characters (~49 bits) for codes handed over. */
export function newCode(shape: CodeShape): string {
  if (shape === 'digits6') return String(randomInt(0, 1_000_000)).padStart(6, '0');
  return Array.from({ length: 10 }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('');
}

/** How people type codes: spaces, dashes and lower case do not matter. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

function hashCode(code: string, salt: string): string {
  return createHash('sha256').update(salt).update(normalizeCode(code)).digest('base64url');
}

export interface IssueCode {
  purpose: string;
  subjectId: number;
  ttlSeconds: number;
  issuedBy?: number | null;
  shape: CodeShape;
}

/**
 * Stores a salted hash of a new code and returns the code itself, which is shown once (to the
 * staff member who hands it over, or to the SMS sender) and never stored. Issuing a new code for the
 * same purpose and subject retires the earlier ones.
 */
export async function issueCode(tx: DbOrTx, issue: IssueCode): Promise<{ code: string; expiresAt: Date }> {
  const code = newCode(issue.shape);
  const salt = randomBytes(16).toString('base64url');
  await tx.update(oneTimeCodes).set({ usedAt: sql`now()` })
    .where(and(eq(oneTimeCodes.purpose, issue.purpose), eq(oneTimeCodes.subjectId, issue.subjectId), isNull(oneTimeCodes.usedAt)));
  const [row] = await tx.insert(oneTimeCodes).values({
    purpose: issue.purpose, subjectId: issue.subjectId, codeHash: hashCode(code, salt), salt,
    issuedBy: issue.issuedBy ?? null, expiresAt: sql`now() + make_interval(secs => ${issue.ttlSeconds})`,
  }).returning({ expiresAt: oneTimeCodes.expiresAt });
  return { code, expiresAt: row.expiresAt };
}

/**
 * Uses the live code of (purpose, subject) if `code` matches it. A wrong guess is counted in a
 * statement of its own on `db` (it must survive the caller's rollback), and the code dies at
 * MAX_CODE_ATTEMPTS. The match is consumed inside `tx` with `used_at is null` in the condition, so of
 * two racing redemptions exactly one wins. Returns whether the code was accepted.
 */
export async function redeemCode(db: Db, tx: DbOrTx, purpose: string, subjectId: number, code: string): Promise<boolean> {
  const [live] = await tx.select().from(oneTimeCodes).where(and(
    eq(oneTimeCodes.purpose, purpose), eq(oneTimeCodes.subjectId, subjectId), isNull(oneTimeCodes.usedAt),
    gt(oneTimeCodes.expiresAt, sql`now()`), sql`${oneTimeCodes.attempts} < ${MAX_CODE_ATTEMPTS}`,
  )).orderBy(sql`${oneTimeCodes.id} desc`).limit(1);
  if (!live) return false;
  const given = Buffer.from(hashCode(code, live.salt));
  if (given.length !== live.codeHash.length || !timingSafeEqual(given, Buffer.from(live.codeHash))) {
    await db.update(oneTimeCodes).set({ attempts: sql`${oneTimeCodes.attempts} + 1` }).where(eq(oneTimeCodes.id, live.id));
    return false;
  }
  const used = await tx.update(oneTimeCodes).set({ usedAt: sql`now()` })
    .where(and(eq(oneTimeCodes.id, live.id), isNull(oneTimeCodes.usedAt))).returning({ id: oneTimeCodes.id });
  return used.length === 1;
}
