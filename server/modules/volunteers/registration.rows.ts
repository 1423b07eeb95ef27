import type { Keys } from '../../platform/secrets';
import { ConflictError } from '../../platform/errors';
import type { Message } from '../../platform/i18n';
import { parseGlobalId } from '../../platform/ids';
import type { IdNumberColumns, NewVolunteer } from './volunteer.queries';
import type { VolunteerStatus } from './volunteer.type';
import { idNumberHint, type CleanVolunteer, type RowCheck, type RowProblem } from './volunteer.validation';

/** What registration and sign-up share: one checked row, ready for the identity match and the insert. */

/** A checked row with its ID number hash. */
export type Prepared = { ok: true; value: CleanVolunteer; idNumberHash: string | null } | { ok: false; field: string; message: Message; problem: RowProblem };
export type Accepted = Extract<Prepared, { ok: true }>;

export const decodeGridId = (id: string) => {
  const parsed = parseGlobalId(id);
  return parsed?.type === 'Grid' ? parsed.id : null;
};

export function prepare(keys: Keys, check: RowCheck, usableGrids: Set<number>): Prepared {
  if (!check.ok) return check;
  const { homeGridId, idNumber } = check.value;
  if (homeGridId != null && !usableGrids.has(homeGridId)) return { ok: false, field: 'homeGridId', message: 'volunteers.homeGridUnusable', problem: 'GRID_NOT_USABLE' };
  return { ok: true, value: check.value, idNumberHash: idNumber ? keys.idNumbers.hash(idNumber) : null };
}

/** The ID number as stored: encrypted, with its keyed hash and masked hint; never in clear. */
export function idNumberColumns(keys: Keys, idNumber: string, idNumberHash: string): IdNumberColumns {
  return { idNumberCipher: keys.idNumbers.encrypt(idNumber), idNumberHash, idNumberHint: idNumberHint(idNumber) };
}

export function newVolunteer(keys: Keys, r: Accepted, organizationId: number, status: VolunteerStatus): NewVolunteer {
  const v = r.value;
  return {
    name: v.name, mobile: v.mobile, partyMember: v.partyMember, skills: v.skills, homeGridId: v.homeGridId,
    ...(v.idNumber && r.idNumberHash ? idNumberColumns(keys, v.idNumber, r.idNumberHash) : { idNumberCipher: null, idNumberHash: null, idNumberHint: null }),
    status, registeredBy: organizationId,
  };
}

/**
 * A concurrent registration changed a person this one was about to change (gave them an ID
 * number first): the transaction runs again and decides on what is stored now.
 */
export class ConcurrentChange extends Error {}

/** pg error code, whether thrown by postgres-js directly or wrapped by drizzle. */
function pgError(error: unknown): { code?: string; constraint_name?: string } | undefined {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code ? (e as never) : (e?.cause as never);
}

/**
 * Runs a registration transaction again when a concurrent one stored the same person or the
 * same ID number first (a unique violation on mobile or ID hash, or a person given an ID number
 * meanwhile): the retry sees what is stored now and decides again.
 */
export async function retryingConcurrentDuplicates<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const pg = pgError(error);
      if (pg?.code !== '23505' && !(error instanceof ConcurrentChange)) throw error;
      if (attempt >= attempts) throw new ConflictError('registration.concurrentSamePerson');
    }
  }
}
