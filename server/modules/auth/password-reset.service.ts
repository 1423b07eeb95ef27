import type { Db } from '../../platform/db';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { issueCode, redeemCode } from '../../platform/one-time-codes';
import { enforceRate } from '../../platform/rate-limit';
import type { SmsSender } from '../../platform/sms';
import { isMobile } from '../volunteers/volunteer.validation';
import { findAccount, findAccountByMobile, grantsOf, setPasswordHash } from './auth.queries';
import { checkPassword, signedIn, type SignedIn, type SignInDeps } from './auth.service';
import { hashPassword } from './password';
import { forgetLoginFailures, RESET_PER_ADDRESS } from './login-throttle';
import { isUnder, staffPaths, type Viewer } from './viewer';

const PURPOSE = 'PASSWORD_RESET';
/** A code handed over in person lasts a working day; one sent by SMS a quarter of an hour. */
const HANDED_OVER_TTL = 24 * 3600;
const SMS_TTL = 15 * 60;

export interface PasswordResetIssued {
  /** The code to hand over in person; null when it went to the person's own mobile instead. */
  code: string | null;
  sentBySms: boolean;
  expiresAt: Date;
}

/**
 * A staff-issued reset. Platform admins may reset anyone; an ORG_ADMIN, an account whose every
 * role lies in organizations they administer (their own subtree). A staff account's code is shown
 * to the issuer, who hands it over; a volunteer's goes by SMS to the volunteer's own mobile, so staff
 * never hold the means to sign in as a volunteer. Anyone else's account answers NOT_FOUND.
 */
export async function issuePasswordReset(db: Db, sms: SmsSender, viewer: Viewer, accountId: number): Promise<PasswordResetIssued> {
  const account = await findAccount(db, accountId);
  if (!account || !(await mayReset(db, viewer, accountId))) throw new NotFoundError('Account');
  const bySms = account.volunteerId != null;
  const issued = await issueCode(db, { purpose: PURPOSE, subjectId: account.id, ttlSeconds: bySms ? SMS_TTL : HANDED_OVER_TTL, issuedBy: viewer.accountId, shape: bySms ? 'digits6' : 'words10' });
  if (bySms) await sms.send(account.mobile, { template: 'PASSWORD_RESET', code: issued.code, validMinutes: SMS_TTL / 60 });
  return { code: bySms ? null : issued.code, sentBySms: bySms, expiresAt: issued.expiresAt };
}

async function mayReset(db: Db, viewer: Viewer, accountId: number): Promise<boolean> {
  if (viewer.isPlatformAdmin) return true;
  const grants = await grantsOf(db, [accountId]);
  const administered = staffPaths(viewer, ['ORG_ADMIN']);
  return grants.length > 0 && grants.every((g) => g.role !== 'PLATFORM_ADMIN' && g.path != null && isUnder(g.path, administered));
}

/**
 * The person sets a new password with the code. A wrong or expired code, and a mobile with no
 * account, get the same answer; attempts are counted per client address and each code dies after
 * a few wrong guesses. Success ends every other session and signs the person in.
 */
export async function resetPassword(db: Db, deps: SignInDeps, input: { mobile: string; code: string; newPassword: string }, clientAddress: string): Promise<SignedIn> {
  const mobile = input.mobile.trim();
  checkPassword(input.newPassword, 'newPassword', [mobile]);
  await enforceRate(db, RESET_PER_ADDRESS, clientAddress);
  const account = isMobile(mobile) ? await findAccountByMobile(db, mobile) : undefined;
  const passwordHash = await hashPassword(input.newPassword);
  const updated = account && await db.transaction(async (tx) => {
    if (!(await redeemCode(db, tx, PURPOSE, account.id, input.code))) return undefined;
    return setPasswordHash(tx, account.id, passwordHash);
  });
  if (!updated) {
    deps.logger.warn({ clientAddress, outcome: 'INVALID_CODE' }, 'password reset refused');
    throw new BadUserInputError('auth.resetCodeInvalid', 'code', 'INVALID_CODE');
  }
  await forgetLoginFailures(db, mobile, clientAddress);
  return signedIn(deps, updated);
}
