import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { BadUserInputError, ConflictError } from '../../platform/errors';
import { issueCode, redeemCode } from '../../platform/one-time-codes';
import { enforceRate, type RateRule } from '../../platform/rate-limit';
import { correctionPaths, type Viewer } from '../auth/viewer';
import { checkPassword } from '../auth/auth.service';
import { findAccountByMobile, grantRole, insertAccount, type AccountRow } from '../auth/auth.queries';
import { hashPassword } from '../auth/password';
import { pathsParam } from './volunteer.scope';
import { accountIdOfVolunteer, grantOrganizationFor, volunteerByMobile } from './volunteer.queries';
import { managedVolunteer } from './volunteer.service';
import type { VolunteerRow } from './volunteer.type';
import { maskMobile } from './volunteer.validation';
import { CODE_ENTRY_RATE, SMS_CODE_MINUTES, sendCode, type SignUpDeps } from './sign-up.service';

/** Anonymous requests for an activation SMS from one client address. */
export const ACTIVATION_REQUEST_RATE: RateRule = { bucket: 'activation-request:address', limit: 20, windowSeconds: 3600 };
/** A code staff hand over on paper lasts three days. */
export const HAND_OVER_HOURS = 72;

export type ActivationDelivery = 'HAND_OVER' | 'SMS';

export interface IssuedActivation {
  /** The code to hand over; null when it went by SMS. */
  code: string | null;
  expiresAt: Date;
  /** The masked mobile an SMS went to; null for a hand-over. */
  sentTo: string | null;
}

async function hasAccount(db: DbOrTx, person: VolunteerRow): Promise<boolean> {
  return (await accountIdOfVolunteer(db, person.id)) != null || (await findAccountByMobile(db, person.mobile)) != null;
}

/**
 * Whether the person is a participant of a correction office the viewer is no officer of. Their
 * hand-over codes come only from that office; refusing anyone else would tell them who is a
 * participant, so others get a code that looks the same but never activates, and the person gets
 * a working one on their own mobile instead.
 */
async function supervisedElsewhere(db: DbOrTx, viewer: Viewer, volunteerId: number): Promise<boolean> {
  if (viewer.isPlatformAdmin) return false;
  const officer = correctionPaths(viewer);
  const [row] = await db.execute<{ elsewhere: boolean }>(sql`select exists (
    select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
    where a.volunteer_id = ${volunteerId} and a.confirmed_at is not null and o.kind = 'CORRECTION_OFFICE'
      ${officer.length ? sql`and not (o.path <@ ${pathsParam(officer)})` : sql``}) as elsewhere`);
  return row.elsewhere;
}

/**
 * Mutation.issueActivationCode: staff of an organization that already manages a person without an
 * account let them claim their record. HAND_OVER answers a code to hand over (on paper, in person);
 * SMS sends one to the record's own mobile and answers only where it went. Staff never choose or see
 * the password: the person sets it with activateAccount.
 */
export async function issueActivationCode(deps: SignUpDeps, viewer: Viewer, volunteerId: number, delivery: ActivationDelivery): Promise<IssuedActivation> {
  const { result, outgoing } = await deps.db.transaction(async (tx) => {
    const person = await managedVolunteer(tx, viewer, volunteerId);
    if (await hasAccount(tx, person)) throw new ConflictError('volunteers.alreadyHasAccount', 'HAS_ACCOUNT');
    const sms = async () => (await issueCode(tx, { purpose: 'SMS_ACTIVATION', subjectId: person.id, ttlSeconds: SMS_CODE_MINUTES * 60, shape: 'digits6', issuedBy: viewer.accountId }));
    if (delivery === 'SMS') {
      const { code, expiresAt } = await sms();
      return { result: { code: null, expiresAt, sentTo: maskMobile(person.mobile) }, outgoing: { mobile: person.mobile, template: 'ACTIVATION_CODE' as const, code } };
    }
    const withheld = await supervisedElsewhere(tx, viewer, person.id);
    const handOver = await issueCode(tx, {
      purpose: withheld ? 'ACTIVATION_WITHHELD' : 'ACTIVATION', subjectId: person.id, ttlSeconds: HAND_OVER_HOURS * 3600, shape: 'words10', issuedBy: viewer.accountId,
    });
    const outgoing = withheld ? { mobile: person.mobile, template: 'ACTIVATION_CODE' as const, code: (await sms()).code } : null;
    return { result: { code: handOver.code, expiresAt: handOver.expiresAt, sentTo: null }, outgoing };
  });
  await sendCode(deps, outgoing);
  return result;
}

/**
 * Mutation.requestActivationCode: a person on record without an account asks for a code on their
 * own mobile. The answer is the same whether or not the mobile is on record.
 */
export async function requestActivationCode(deps: SignUpDeps, mobile: string, clientAddress: string): Promise<boolean> {
  await enforceRate(deps.db, ACTIVATION_REQUEST_RATE, clientAddress);
  const outgoing = await deps.db.transaction(async (tx) => {
    const person = await volunteerByMobile(tx, mobile.trim());
    if (!person || (await hasAccount(tx, person))) return null;
    const { code } = await issueCode(tx, { purpose: 'SMS_ACTIVATION', subjectId: person.id, ttlSeconds: SMS_CODE_MINUTES * 60, shape: 'digits6' });
    return { mobile: person.mobile, template: 'ACTIVATION_CODE' as const, code };
  });
  await sendCode(deps, outgoing);
  return true;
}

/**
 * Mutation.activateAccount: the person proves control with a code (handed over, or sent to their
 * mobile) and sets their own password; the account signs in with the record's mobile. A wrong code,
 * an unknown mobile and a record that has an account all answer the same.
 */
export async function activateAccount(deps: SignUpDeps, input: { mobile: string; code: string; password: string; clientAddress: string }): Promise<AccountRow> {
  await enforceRate(deps.db, CODE_ENTRY_RATE, input.clientAddress);
  const mobile = input.mobile.trim();
  const wrong = () => new BadUserInputError('volunteers.codeInvalid', 'code', 'INVALID_CODE');
  const person = await volunteerByMobile(deps.db, mobile);
  checkPassword(input.password, 'password', [mobile, person?.name ?? '']);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    if (!person || (await hasAccount(tx, person))) throw wrong();
    const purpose = /^\d{6}$/.test(input.code.trim()) ? 'SMS_ACTIVATION' : 'ACTIVATION';
    if (!(await redeemCode(deps.db, tx, purpose, person.id, input.code))) throw wrong();
    const account = await insertAccount(tx, { mobile: person.mobile, displayName: person.name, passwordHash, volunteerId: person.id });
    // The grant names an organization that holds the person (null is for PLATFORM_ADMIN only).
    await grantRole(tx, account.id, 'VOLUNTEER', await grantOrganizationFor(tx, person.id, sql`true`));
    return account;
  });
}
