import type { Db } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/errors';
import type { Keys } from '../../platform/secrets';
import type { Logger } from '../../platform/logger';
import { findOrganization } from '../organizations/organization.queries';
import { isUnder, staffPaths, type Viewer } from './viewer';
import { isMobile, maskMobile } from '../volunteers/volunteer.validation';
import { cleanName } from '../organizations/organization.service';
import { bumpTokenVersion, findAccount, findAccountByMobile, grantRole, insertAccount, setPasswordHash, type AccountRow } from './auth.queries';
import { dummyVerify, hashPassword, verifyPassword } from './password';
import { passwordWeakness } from './password-policy';
import { translate } from '../../platform/i18n';
import { countLoginAttempt, forgetLoginFailures } from './login-throttle';
import { issueToken, type IssuedToken } from './token';
import type { Role } from './role.enum';
import { grantableGrid, isGridRole } from '../grids/grid-role.service';

/** What signing someone in needs from the app. */
export interface SignInDeps {
  keys: Keys;
  ttlSeconds: number;
  logger: Logger;
}

export type SignedIn = IssuedToken & { account: AccountRow };

export async function signedIn(deps: SignInDeps, account: AccountRow): Promise<SignedIn> {
  return { ...(await issueToken(deps.keys.token.signing, account.id, deps.ttlSeconds, new Date(), account.tokenVersion)), account };
}

/**
 * Every attempt is counted (per mobile and per client address) before the password is checked,
 * and answered the same whether or not the mobile has an account. Failures are logged, mobile masked.
 */
export async function login(db: Db, deps: SignInDeps, mobile: string, password: string, clientAddress: string): Promise<SignedIn> {
  // No account's mobile holds a control character (and PostgreSQL text refuses NUL): no lookup, just a failed login.
  const trimmed = mobile.trim();
  const shown = isMobile(trimmed) ? maskMobile(trimmed) : '(not a mobile number)';
  try {
    await countLoginAttempt(db, trimmed, clientAddress);
  } catch (error) {
    deps.logger.warn({ mobile: shown, clientAddress, outcome: 'RATE_LIMITED' }, 'login refused');
    throw error;
  }
  const account = /\p{Cc}/u.test(trimmed) ? undefined : await findAccountByMobile(db, trimmed);
  const ok = account ? await verifyPassword(account.passwordHash, password) : await dummyVerify(password);
  if (!account || !ok) {
    deps.logger.warn({ mobile: shown, clientAddress, outcome: 'WRONG_CREDENTIALS' }, 'login failed');
    throw new UnauthenticatedError('auth.wrongCredentials');
  }
  await forgetLoginFailures(db, trimmed, clientAddress);
  return signedIn(deps, account);
}

/**
 * The one password rule, for every place a password is chosen: 8–128 characters, and not easy to
 * guess by a strength estimate that also knows the person's own words (`personal`: their mobile,
 * their name). Throws BAD_USER_INPUT on `field`, reason WEAK_PASSWORD.
 */
export function checkPassword(password: string, field = 'password', personal: string[] = []): void {
  const weakness = passwordWeakness(password, personal);
  if (!weakness) return;
  throw new BadUserInputError(weakness, field, 'WEAK_PASSWORD');
}

/** The signed-in person's new password; other sessions end, this one gets a fresh token. */
export async function changePassword(db: Db, deps: SignInDeps, viewer: Viewer, current: string, next: string, clientAddress: string): Promise<SignedIn> {
  const account = await findAccount(db, viewer.accountId);
  if (!account) throw new UnauthenticatedError();
  await countLoginAttempt(db, account.mobile, clientAddress);
  if (!(await verifyPassword(account.passwordHash, current))) {
    deps.logger.warn({ mobile: maskMobile(account.mobile), clientAddress, outcome: 'WRONG_CREDENTIALS' }, 'password change refused');
    throw new BadUserInputError('auth.currentPasswordWrong', 'currentPassword');
  }
  await forgetLoginFailures(db, account.mobile, clientAddress);
  if (next === current) throw new BadUserInputError('auth.newPasswordSameAsCurrent', 'newPassword');
  checkPassword(next, 'newPassword', [account.mobile, account.displayName]);
  return signedIn(deps, await setPasswordHash(db, account.id, await hashPassword(next)));
}

/** Ends every session of the signed-in account: its tokens are refused from now on, on HTTP and graphql-ws. */
export async function logout(db: Db, viewer: Viewer): Promise<boolean> {
  await bumpTokenVersion(db, viewer.accountId);
  return true;
}

export interface NewAccount {
  mobile: string;
  displayName: string;
  password: string;
  role: Role;
  organizationId: number | null;
  /** For GRID_WORKER and GRID_LEADER (organizationId then stays empty). */
  gridId?: number | null;
}

/**
 * Staff accounts. Platform admins grant anything; org admins grant staff roles in their own
 * subtree (CORRECTION_OFFICER only ever on a correction office), and grid roles on their grids,
 * where grid leaders also name grid workers (grid-role.policy.ts).
 */
export async function createAccount(db: Db, viewer: Viewer, input: NewAccount): Promise<AccountRow> {
  const mobile = input.mobile.trim();
  if (!isMobile(mobile)) throw new BadUserInputError('volunteers.mobileFormat', 'mobile');
  const displayName = cleanName(input.displayName, 'displayName', 50);
  checkPassword(input.password, 'password', [mobile, displayName]);
  if (input.role === 'VOLUNTEER') throw new BadUserInputError('auth.volunteerAccountsBySignUp', 'role');
  const gridRole = isGridRole(input.role);
  if (gridRole !== (input.gridId != null)) throw new BadUserInputError('auth.gridIdForGridRoles', 'gridId');
  if ((input.role === 'PLATFORM_ADMIN' || gridRole) !== (input.organizationId == null)) {
    throw new BadUserInputError('auth.organizationIdForRole', 'organizationId');
  }
  return db.transaction(async (tx) => {
    if (isGridRole(input.role)) {
      await grantableGrid(tx, viewer, input.gridId!, input.role);
    } else if (input.organizationId != null) {
      const org = await findOrganization(tx, input.organizationId);
      const visible = org && (viewer.isPlatformAdmin || isUnder(org.path, staffPaths(viewer)));
      if (!org || !visible) throw new NotFoundError('Organization');
      if (input.role === 'CORRECTION_OFFICER' && org.kind !== 'CORRECTION_OFFICE') {
        throw new BadUserInputError('auth.correctionOfficerOnOfficeOnly', 'role');
      }
      const grantable = viewer.isPlatformAdmin || isUnder(org.path, staffPaths(viewer, ['ORG_ADMIN']));
      if (!grantable) throw new ForbiddenError('auth.grantOnlyWhereAdmin');
    } else if (!viewer.isPlatformAdmin) {
      throw new ForbiddenError('auth.platformAdminOnly');
    }
    if (await findAccountByMobile(tx, mobile)) throw new ConflictError('auth.mobileTaken');
    const account = await insertAccount(tx, { mobile, displayName, passwordHash: await hashPassword(input.password) });
    await grantRole(tx, account.id, input.role, input.organizationId, input.gridId ?? null);
    return account;
  });
}

/** Why GRIDROSTER_ADMIN_MOBILE/PASSWORD would be refused for anyone else, or null. */
export function platformAdminProblem(mobile: string, password: string): string | null {
  if (!isMobile(mobile)) return 'GRIDROSTER_ADMIN_MOBILE must be a mobile number: 11 digits starting 1[3-9]';
  const weakness = passwordWeakness(password, [mobile]);
  // Said to the operator at start, in the log's language.
  return weakness ? `GRIDROSTER_ADMIN_PASSWORD: ${translate('en', weakness)}` : null;
}

/** GRIDROSTER_ADMIN_MOBILE/PASSWORD: create that platform admin, or reset its password. */
export async function ensurePlatformAdmin(db: Db, mobile: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const existing = await findAccountByMobile(tx, mobile);
    const account = existing ?? (await insertAccount(tx, { mobile, displayName: 'Platform admin', passwordHash }));
    if (existing && !(await verifyPassword(existing.passwordHash, password))) await setPasswordHash(tx, existing.id, passwordHash);
    await grantRole(tx, account.id, 'PLATFORM_ADMIN', null);
  });
}
