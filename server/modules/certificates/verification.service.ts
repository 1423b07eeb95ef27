import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db';
import { enforceRate, type RateRule } from '../../platform/rate-limit';
import { certificateByNumber } from './certificate.queries';

/** Per client address: enough for a person checking a few certificates, too few to guess codes. */
export const VERIFY_RATE: RateRule = { bucket: 'certificate-verify:address', limit: 20, windowSeconds: 600 };

export interface Verification {
  valid: boolean;
  issuedOn: string | null;
  issuingOrganization: string | null;
  maskedName: string | null;
  totalHours: number | null;
  superseded: boolean | null;
}

const INVALID: Verification = { valid: false, issuedOn: null, issuingOrganization: null, maskedName: null, totalHours: null, superseded: null };

/** 林秀英 → 林*英, 张伟 → 张*, Li Lei → L*i: enough to match a paper, not to learn a name. */
export function maskName(name: string): string {
  const chars = [...name.replace(/\s+/g, '')];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.padEnd(16).slice(0, 16));
  const b = Buffer.from(expected.padEnd(16).slice(0, 16));
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * Public check of a printed certificate. An unknown number and a wrong code answer the same
 * (invalid, nothing else), so the number alone confirms nothing; every call counts against the
 * caller's address.
 */
export async function verifyCertificate(db: Db, clientAddress: string, input: { number: string; code: string }): Promise<Verification> {
  await enforceRate(db, VERIFY_RATE, clientAddress);
  const number = input.number.trim().slice(0, 64);
  const code = input.code.trim().toUpperCase().slice(0, 64);
  const found = await certificateByNumber(db, number);
  const ok = sameCode(code, found?.row.verificationCode ?? 'XXXXXXXX') && !!found;
  if (!ok || !found) return INVALID;
  const { row, organizationName } = found;
  return {
    valid: true, issuedOn: row.content.issuedOn, issuingOrganization: organizationName,
    maskedName: maskName(row.content.volunteer.name), totalHours: row.content.totals.hours, superseded: row.superseded,
  };
}
