import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { parseGlobalId } from '../../platform/ids';
import type { Keys } from '../../platform/secrets';
import type { Viewer } from '../auth/viewer';
import { checkPassword } from '../auth/auth.service';
import { findAccountByMobile, grantRole, insertAccount } from '../auth/auth.queries';
import { hashPassword } from '../auth/password';
import { visibleGridSql } from '../grids/grid.policy';
import { findOrganization } from '../organizations/organization.queries';
import { DUPLICATE_MESSAGES, IdentityIndex, type KnownPerson } from './volunteer.identity';
import { canRegisterFor } from './volunteer.policy';
import {
  accountIdOfVolunteer, addIdNumbers, gridIdsWhere, insertAffiliations, insertVolunteers, type IdNumberColumns, type NewVolunteer,
} from './volunteer.queries';
import { visibleOrganization } from './volunteer.service';
import { peopleByMobileOrIdNumber } from './volunteer.id-numbers';
import type { VolunteerRow, VolunteerStatus } from './volunteer.type';
import { checkVolunteerInput, idNumberHint, type CleanVolunteer, type RawVolunteer, type RowCheck } from './volunteer.validation';

export const MAX_BATCH = 1000;

export interface RowResult {
  row: number;
  volunteer: VolunteerRow | null;
  errorCode: 'BAD_USER_INPUT' | 'DUPLICATE' | null;
  errorField: string | null;
  message: string | null;
}

export interface RegistrationOutcome {
  results: RowResult[];
  registered: number;
  rejected: number;
}

/** A checked row with its ID number hash: what the identity match and the insert need. */
type Prepared = { ok: true; value: CleanVolunteer; idNumberHash: string | null } | { ok: false; field: string; message: string };

/** Where an accepted row's volunteer comes from: a stored person, or one this batch inserts. */
interface Slot {
  row: VolunteerRow | null;
  insert: NewVolunteer | null;
  /** The ID number a row of this batch gives a stored person who had none. */
  addedId: IdNumberColumns | null;
}

type Accepted = Extract<Prepared, { ok: true }>;

/**
 * A concurrent registration changed a person this one was about to change (gave them an ID
 * number first): the transaction runs again and decides on what is stored now.
 */
class ConcurrentChange extends Error {}

const decodeGridId = (id: string) => {
  const parsed = parseGlobalId(id);
  return parsed?.type === 'Grid' ? parsed.id : null;
};

function prepare(keys: Keys, check: RowCheck, usableGrids: Set<number>): Prepared {
  if (!check.ok) return check;
  const { homeGridId, idNumber } = check.value;
  if (homeGridId != null && !usableGrids.has(homeGridId)) return { ok: false, field: 'homeGridId', message: 'homeGridId is not a grid you can use.' };
  return { ok: true, value: check.value, idNumberHash: idNumber ? keys.idNumbers.hash(idNumber) : null };
}

/** The ID number as stored: encrypted, with its keyed hash and masked hint; never in clear. */
function idNumberColumns(keys: Keys, idNumber: string, idNumberHash: string): IdNumberColumns {
  return { idNumberCipher: keys.idNumbers.encrypt(idNumber), idNumberHash, idNumberHint: idNumberHint(idNumber) };
}

function newVolunteer(keys: Keys, r: Accepted, organizationId: number, status: VolunteerStatus): NewVolunteer {
  const v = r.value;
  return {
    name: v.name, mobile: v.mobile, partyMember: v.partyMember, skills: v.skills, homeGridId: v.homeGridId,
    ...(v.idNumber && r.idNumberHash ? idNumberColumns(keys, v.idNumber, r.idNumberHash) : { idNumberCipher: null, idNumberHash: null, idNumberHint: null }),
    status, registeredBy: organizationId,
  };
}

/**
 * A row naming someone already known (same mobile and name, or same ID number). When it carries
 * an ID number and the person has none yet, the person gets it: dropping it would let the next
 * registration under that ID number create a second record of the same person. (A number that
 * belongs to someone else, or differs from the person's own, never gets here: identify() calls
 * that row a DUPLICATE.)
 */
function knownPerson(keys: Keys, index: IdentityIndex<Slot>, person: KnownPerson<Slot>, r: Accepted): Slot {
  if (r.idNumberHash && r.value.idNumber && person.idNumberHash == null) {
    const columns = idNumberColumns(keys, r.value.idNumber, r.idNumberHash);
    index.addIdNumber(person, r.idNumberHash);
    if (person.ref.insert) Object.assign(person.ref.insert, columns);
    else person.ref.addedId = columns;
  }
  return person.ref;
}

const rejectedRow = (row: number, errorCode: 'BAD_USER_INPUT' | 'DUPLICATE', errorField: string, message: string): RowResult =>
  ({ row, volunteer: null, errorCode, errorField, message });

/**
 * Decides every row against the people already stored (one lookup by all mobiles and hashes)
 * and the rows before it, then writes set-based: one insert for the new people, one for the
 * affiliations. With `atomic`, a single rejected row means nothing is written.
 */
async function writeBatch(
  tx: Tx, keys: Keys, rows: Prepared[], opts: { organizationId: number; status: VolunteerStatus; atomic: boolean },
): Promise<RegistrationOutcome> {
  const valid = rows.filter((r) => r.ok);
  const stored = await peopleByMobileOrIdNumber(tx, keys, valid.map((r) => r.value.mobile), valid.flatMap((r) => (r.value.idNumber ? [r.value.idNumber] : [])));
  const index = new IdentityIndex<Slot>();
  for (const v of stored) index.add({ mobile: v.mobile, name: v.name, idNumberHash: v.idNumberHash, ref: { row: v, insert: null, addedId: null } });

  const slots: (Slot | RowResult)[] = rows.map((r, i) => {
    if (!r.ok) return rejectedRow(i, 'BAD_USER_INPUT', r.field, r.message);
    const identity = index.identify({ mobile: r.value.mobile, name: r.value.name, idNumberHash: r.idNumberHash });
    if (identity.kind === 'duplicate') return rejectedRow(i, 'DUPLICATE', identity.field, DUPLICATE_MESSAGES[identity.field]);
    if (identity.kind === 'same') return knownPerson(keys, index, identity.person, r);
    const slot: Slot = { row: null, insert: newVolunteer(keys, r, opts.organizationId, opts.status), addedId: null };
    index.add({ mobile: r.value.mobile, name: r.value.name, idNumberHash: r.idNumberHash, ref: slot });
    return slot;
  });
  const rejected = slots.filter((s) => 'errorCode' in s).length;
  if (opts.atomic && rejected > 0) {
    const results = slots.map((s, i) => ('errorCode' in s ? s : { row: i, volunteer: null, errorCode: null, errorField: null, message: 'Not saved: another row was rejected.' }));
    return { results, registered: 0, rejected };
  }

  const accepted = slots.filter((s): s is Slot => !('errorCode' in s));
  await storePeople(tx, [...new Set(accepted)]);
  await insertAffiliations(tx, accepted.map((s) => s.row!.id), opts.organizationId);
  const results = slots.map((s, i) => ('errorCode' in s ? s : { row: i, volunteer: s.row, errorCode: null, errorField: null, message: null }));
  return { results, registered: accepted.length, rejected };
}

/** Inserts the batch's new people and stores the ID numbers it gave known ones; every slot then has its row. */
async function storePeople(tx: Tx, slots: Slot[]): Promise<void> {
  const pending = slots.filter((s) => s.row == null);
  const inserted = await insertVolunteers(tx, pending.map((s) => s.insert!));
  const byMobile = new Map(inserted.map((v) => [v.mobile, v]));
  for (const slot of pending) slot.row = byMobile.get(slot.insert!.mobile)!;
  const identified = slots.filter((s) => s.addedId != null);
  const updated = new Map((await addIdNumbers(tx, identified.map((s) => ({ id: s.row!.id, columns: s.addedId! })))).map((v) => [v.id, v]));
  if (updated.size !== identified.length) throw new ConcurrentChange();
  for (const slot of identified) slot.row = updated.get(slot.row!.id)!;
}

/** pg error code, whether thrown by postgres-js directly or wrapped by drizzle. */
function pgError(error: unknown): { code?: string; constraint_name?: string } | undefined {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code ? (e as never) : (e?.cause as never);
}

/**
 * Runs a registration transaction again when a concurrent one stored the same person or the
 * same ID number first (a unique violation on mobile or ID hash, or a person given an ID number
 * meanwhile): the retry sees what is stored now and affiliates, or answers DUPLICATE, instead.
 */
async function retryingConcurrentDuplicates<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const pg = pgError(error);
      if (pg?.code !== '23505' && !(error instanceof ConcurrentChange)) throw error;
      if (pg?.constraint_name === 'accounts_mobile_unique') throw new ConflictError('An account with this mobile number already exists.');
      if (attempt >= attempts) throw new ConflictError('A concurrent registration of the same person got there first; try again.');
    }
  }
}

/** Mutation.registerVolunteers: staff register up to 1,000 people for an organization. */
export async function registerVolunteers(
  db: Db, keys: Keys, viewer: Viewer, organizationId: number, inputs: RawVolunteer[], atomic: boolean,
): Promise<RegistrationOutcome> {
  if (inputs.length > MAX_BATCH) throw new BadUserInputError(`At most ${MAX_BATCH} volunteers can be registered at once.`, 'volunteers');
  const org = await visibleOrganization(db, viewer, organizationId);
  // A correction office's register is confidential: to anyone who may not register there it does
  // not exist, exactly like a missing organization (staff above the office do see the office itself).
  if (!org || (org.kind === 'CORRECTION_OFFICE' && !canRegisterFor(viewer, org))) throw new NotFoundError('Organization');
  if (!canRegisterFor(viewer, org)) throw new ForbiddenError('Only an admin or coordinator of the organization may register its volunteers.');
  const checks = inputs.map((input) => checkVolunteerInput(input, decodeGridId));
  const gridIds = [...new Set(checks.flatMap((c) => (c.ok && c.value.homeGridId != null ? [c.value.homeGridId] : [])))];
  const usable = await gridIdsWhere(db, gridIds, visibleGridSql(viewer, sql`g.path`, sql`go.path`));
  const rows = checks.map((c) => prepare(keys, c, usable));
  return retryingConcurrentDuplicates(() => db.transaction((tx) => writeBatch(tx, keys, rows, { organizationId, status: 'ACTIVE', atomic })));
}

export interface SignUp {
  volunteer: RawVolunteer;
  organizationId: number;
  password: string;
  consent: boolean;
}

/**
 * Mutation.signUp: a person registers themself with an organization and gets a VOLUNTEER
 * account. New people wait as PENDING; a person already known is affiliated as they are.
 */
export async function signUp(db: Db, keys: Keys, input: SignUp): Promise<VolunteerRow> {
  if (input.consent !== true) throw new BadUserInputError('Consent to processing the personal information given is required.', 'input.consent');
  const check = checkVolunteerInput(input.volunteer, decodeGridId);
  if (!check.ok) throw new BadUserInputError(check.message, `input.volunteer.${check.field}`);
  checkPassword(input.password, 'input.password');
  const org = await findOrganization(db, input.organizationId);
  // Nobody signs themself up with a correction office; answering NOT_FOUND says nothing about it.
  if (!org || org.kind === 'CORRECTION_OFFICE') throw new NotFoundError('Organization');
  const grids = check.value.homeGridId == null ? [] : [check.value.homeGridId];
  const usable = await gridIdsWhere(db, grids, sql`go.path <@ ${org.path}::ltree`);
  const row = prepare(keys, check, usable);
  if (!row.ok) throw new BadUserInputError(row.message, `input.volunteer.${row.field}`);
  const passwordHash = await hashPassword(input.password);
  return retryingConcurrentDuplicates(() => db.transaction(async (tx) => {
    if (await findAccountByMobile(tx, row.value.mobile)) throw new ConflictError('An account with this mobile number already exists.');
    // Knowing a person's mobile and name is not proof of being them: a sign-up only claims an
    // already registered person when it also carries their ID number.
    const [known] = await peopleByMobileOrIdNumber(tx, keys, [row.value.mobile], row.value.idNumber ? [row.value.idNumber] : []);
    if (known && (!row.idNumberHash || known.idNumberHash !== row.idNumberHash)) {
      throw new ConflictError('This person is already registered: sign up with your ID number, or ask your organization for an account.', 'ALREADY_REGISTERED');
    }
    const outcome = await writeBatch(tx, keys, [row], { organizationId: org.id, status: 'PENDING', atomic: true });
    const [result] = outcome.results;
    if (!result.volunteer) throw new ConflictError(result.message ?? DUPLICATE_MESSAGES.mobile, 'DUPLICATE');
    if ((await accountIdOfVolunteer(tx, result.volunteer.id)) == null) {
      const account = await insertAccount(tx, { mobile: row.value.mobile, displayName: row.value.name, passwordHash, volunteerId: result.volunteer.id });
      // The grant names the organization the person signed up with (null is for PLATFORM_ADMIN only).
      await grantRole(tx, account.id, 'VOLUNTEER', org.id);
    }
    return result.volunteer;
  }));
}
