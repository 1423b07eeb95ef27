import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { issueCode, redeemCode } from '../../platform/one-time-codes';
import { enforceRate, consumeRate, type RateRule } from '../../platform/rate-limit';
import type { Keys } from '../../platform/secrets';
import type { SmsSender } from '../../platform/sms';
import { checkPassword } from '../auth/auth.service';
import { findAccountByMobile, grantRole, insertAccount } from '../auth/auth.queries';
import { hashPassword } from '../auth/password';
import { findOrganization } from '../organizations/organization.queries';
import { closeClaim, insertConfirmedAffiliations, insertSignUpClaim, joinAsSignedUp, latestOpenClaim } from './affiliation.queries';
import { IdentityIndex } from './volunteer.identity';
import { accountIdOfVolunteer, gridIdsWhere, insertVolunteers, volunteerByMobile } from './volunteer.queries';
import { peopleByMobileOrIdNumber } from './volunteer.id-numbers';
import type { VolunteerRow } from './volunteer.type';
import { checkVolunteerInput, idNumberHint, type RawVolunteer } from './volunteer.validation';
import { decodeGridId, newVolunteer, prepare, retryingConcurrentDuplicates, type Accepted } from './registration.rows';

/** Anonymous sign-ups from one client address (counted in PostgreSQL, across instances). */
export const SIGN_UP_RATE: RateRule = { bucket: 'signup:address', limit: 50, windowSeconds: 3600 };
/** Codes typed in from one client address (confirmSignUp, activateAccount). */
export const CODE_ENTRY_RATE: RateRule = { bucket: 'code-entry:address', limit: 30, windowSeconds: 3600 };
/** Text messages to one mobile: more are dropped silently (the answer never changes). */
export const SMS_RATE: RateRule = { bucket: 'sms:mobile', limit: 5, windowSeconds: 3600 };
/** How long a code sent to a mobile stays good. */
export const SMS_CODE_MINUTES = 30;

export interface SignUp {
  volunteer: RawVolunteer;
  organizationId: number;
  password: string;
  consent: boolean;
  clientAddress: string;
}

export interface SignUpDeps {
  db: Db;
  keys: Keys;
  sms: SmsSender;
}

/** A code for the record's own mobile, sent after the transaction that issued it commits. */
interface Outgoing {
  mobile: string;
  template: 'SIGN_UP_CONFIRMATION' | 'ACTIVATION_CODE';
  code: string;
}

/** Sends a code unless the mobile has had its share this hour; the caller's answer never depends on it. */
export async function sendCode(deps: SignUpDeps, message: Outgoing | null): Promise<void> {
  if (!message || !(await consumeRate(deps.db, SMS_RATE, message.mobile)).allowed) return;
  await deps.sms.send(message.mobile, { template: message.template, code: message.code, validMinutes: SMS_CODE_MINUTES });
}

/**
 * Mutation.signUp: a person registers themself with an organization. A new person gets a PENDING
 * record and a VOLUNTEER account at once. A sign-up naming someone already on record (by mobile, or
 * by ID number and name) links nothing: a code goes to the record's own mobile, and only
 * confirmSignUp with it creates the account or the affiliation. Either way the answer is the
 * sign-up as the caller typed it, so an outsider cannot tell a registered mobile or ID number from
 * an unregistered one; a sign-up that matches nobody it may claim does nothing at all.
 */
export async function signUp(deps: SignUpDeps, input: SignUp): Promise<VolunteerRow> {
  if (input.consent !== true) throw new BadUserInputError('volunteers.consentRequired', 'input.consent');
  const check = checkVolunteerInput(input.volunteer, decodeGridId);
  if (!check.ok) throw new BadUserInputError(check.message, `input.volunteer.${check.field}`);
  checkPassword(input.password, 'input.password', [check.value.mobile, check.value.name]);
  const org = await findOrganization(deps.db, input.organizationId);
  // Nobody signs themself up with a correction office; answering NOT_FOUND says nothing about it.
  if (!org || org.kind === 'CORRECTION_OFFICE') throw new NotFoundError('Organization');
  const grids = check.value.homeGridId == null ? [] : [check.value.homeGridId];
  const usable = await gridIdsWhere(deps.db, grids, sql`go.path <@ ${org.path}::ltree`);
  const row = prepare(deps.keys, check, usable);
  if (!row.ok) throw new BadUserInputError(row.message, `input.volunteer.${row.field}`);
  await enforceRate(deps.db, SIGN_UP_RATE, input.clientAddress);
  const passwordHash = await hashPassword(input.password);
  const { answer, outgoing } = await retryingConcurrentDuplicates(() => deps.db.transaction(async (tx) => {
    const known = await peopleByMobileOrIdNumber(tx, deps.keys, [row.value.mobile], row.value.idNumber ? [row.value.idNumber] : []);
    const account = await findAccountByMobile(tx, row.value.mobile);
    if (known.length === 0 && !account) return { answer: await createPerson(tx, deps.keys, row, org.id, passwordHash), outgoing: null };
    return { answer: await echo(tx, deps.keys, row, org.id), outgoing: await claim(tx, row, known, org.id, passwordHash) };
  }));
  await sendCode(deps, outgoing);
  return answer;
}

/** A person nobody knows yet: PENDING record, the affiliation (the organization approves), the account. */
async function createPerson(tx: Tx, keys: Keys, row: Accepted, organizationId: number, passwordHash: string): Promise<VolunteerRow> {
  const [volunteer] = await insertVolunteers(tx, [newVolunteer(keys, row, organizationId, 'PENDING')]);
  await insertConfirmedAffiliations(tx, [volunteer.id], organizationId, 'PENDING');
  const account = await insertAccount(tx, { mobile: volunteer.mobile, displayName: volunteer.name, passwordHash, volunteerId: volunteer.id });
  await grantRole(tx, account.id, 'VOLUNTEER', organizationId);
  return volunteer;
}

/**
 * The person the sign-up may claim (same ID number and name, or same mobile and name), and a code
 * for their own mobile. Anything else — a number under another name, a staff account's mobile —
 * gets nothing.
 */
async function claim(tx: Tx, row: Accepted, known: VolunteerRow[], organizationId: number, passwordHash: string): Promise<Outgoing | null> {
  const index = new IdentityIndex<VolunteerRow>();
  for (const v of known) index.add({ mobile: v.mobile, name: v.name, idNumberHash: v.idNumberHash, ref: v });
  const identity = index.identify({ mobile: row.value.mobile, name: row.value.name, idNumberHash: row.idNumberHash });
  if (identity.kind !== 'same') return null;
  const person = identity.person.ref;
  const hasAccount = (await accountIdOfVolunteer(tx, person.id)) != null || (await findAccountByMobile(tx, person.mobile)) != null;
  await insertSignUpClaim(tx, { volunteerId: person.id, organizationId, passwordHash: hasAccount ? null : passwordHash });
  const { code } = await issueCode(tx, { purpose: 'SIGN_UP_CLAIM', subjectId: person.id, ttlSeconds: SMS_CODE_MINUTES * 60, shape: 'digits6' });
  return { mobile: person.mobile, template: 'SIGN_UP_CONFIRMATION', code };
}

/**
 * The answer for a sign-up that created nothing: the row as typed, under an id drawn from the same
 * sequence a new record would take, so it reads exactly like a new PENDING record to its caller
 * (who, signed out, sees it masked and with nothing attached). It is not stored.
 */
async function echo(tx: Tx, keys: Keys, row: Accepted, organizationId: number): Promise<VolunteerRow> {
  const [{ id }] = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('volunteers', 'id'))::int as id`);
  const v = row.value;
  return {
    id, name: v.name, mobile: v.mobile, partyMember: v.partyMember, skills: v.skills, homeGridId: v.homeGridId,
    idNumberCipher: v.idNumber ? keys.idNumbers.encrypt(v.idNumber) : null, idNumberHash: null, idNumberHint: v.idNumber ? idNumberHint(v.idNumber) : null,
    status: 'PENDING', registeredBy: organizationId, createdAt: new Date(), updatedAt: new Date(),
  };
}

/**
 * Mutation.confirmSignUp: the code sent to a record's own mobile proves the sign-up was its
 * person's. It creates the account with the password chosen at sign-up (or, for someone who has one,
 * only the affiliation) and joins them to the organization, which still approves them. A wrong code,
 * an unknown mobile and a stale claim all answer the same.
 */
export async function confirmSignUp(deps: SignUpDeps, mobile: string, code: string, clientAddress: string): Promise<boolean> {
  await enforceRate(deps.db, CODE_ENTRY_RATE, clientAddress);
  const wrong = () => new BadUserInputError('volunteers.codeInvalid', 'code', 'INVALID_CODE');
  return deps.db.transaction(async (tx) => {
    const person = await volunteerByMobile(tx, mobile.trim());
    const open = person && (await latestOpenClaim(tx, person.id));
    if (!person || !open || !(await redeemCode(deps.db, tx, 'SIGN_UP_CLAIM', person.id, code))) throw wrong();
    await closeClaim(tx, open.id);
    await joinAsSignedUp(tx, person.id, open.organizationId);
    const hasAccount = (await accountIdOfVolunteer(tx, person.id)) != null || (await findAccountByMobile(tx, person.mobile)) != null;
    if (!hasAccount && open.passwordHash) {
      const account = await insertAccount(tx, { mobile: person.mobile, displayName: person.name, passwordHash: open.passwordHash, volunteerId: person.id });
      await grantRole(tx, account.id, 'VOLUNTEER', open.organizationId);
    }
    return true;
  });
}
