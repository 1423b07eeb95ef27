import type { Db } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/errors';
import type { Keys } from '../../platform/secrets';
import { findOrganization } from '../organizations/organization.queries';
import { isUnder, staffPaths, type Viewer } from './viewer';
import { isMobile } from '../volunteers/volunteer.validation';
import { cleanName } from '../organizations/organization.service';
import { findAccountByMobile, grantRole, insertAccount, setPasswordHash, type AccountRow } from './auth.queries';
import { dummyVerify, hashPassword, verifyPassword } from './password';
import { issueToken, type IssuedToken } from './token';
import type { Role } from './role.enum';

export async function login(db: Db, keys: Keys, ttlSeconds: number, mobile: string, password: string): Promise<IssuedToken & { account: AccountRow }> {
  // No account's mobile holds a control character (and PostgreSQL text refuses NUL): no lookup, just a failed login.
  const trimmed = mobile.trim();
  const account = /\p{Cc}/u.test(trimmed) ? undefined : await findAccountByMobile(db, trimmed);
  const ok = account ? await verifyPassword(account.passwordHash, password) : await dummyVerify(password);
  if (!account || !ok) throw new UnauthenticatedError('Wrong mobile number or password.');
  return { ...(await issueToken(keys.token.signing, account.id, ttlSeconds)), account };
}

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < 8 || password.length > 128) throw new BadUserInputError('Password must be 8–128 characters.', field);
}

export interface NewAccount {
  mobile: string;
  displayName: string;
  password: string;
  role: Role;
  organizationId: number | null;
}

/**
 * Staff accounts. Platform admins grant anything; org admins grant staff roles in their own
 * subtree (CORRECTION_OFFICER only ever on a correction office).
 */
export async function createAccount(db: Db, viewer: Viewer, input: NewAccount): Promise<AccountRow> {
  const mobile = input.mobile.trim();
  if (!isMobile(mobile)) throw new BadUserInputError('mobile must be 11 digits starting 1[3-9].', 'mobile');
  const displayName = cleanName(input.displayName, 'displayName', 50);
  checkPassword(input.password);
  if (input.role === 'VOLUNTEER') throw new BadUserInputError('Volunteer accounts are created by signUp.', 'role');
  if ((input.role === 'PLATFORM_ADMIN') !== (input.organizationId == null)) {
    throw new BadUserInputError('organizationId is required for organization roles and must be empty for PLATFORM_ADMIN.', 'organizationId');
  }
  return db.transaction(async (tx) => {
    if (input.organizationId != null) {
      const org = await findOrganization(tx, input.organizationId);
      const visible = org && (viewer.isPlatformAdmin || isUnder(org.path, staffPaths(viewer)));
      if (!org || !visible) throw new NotFoundError('Organization');
      if (input.role === 'CORRECTION_OFFICER' && org.kind !== 'CORRECTION_OFFICE') {
        throw new BadUserInputError('CORRECTION_OFFICER is granted on a correction office only.', 'role');
      }
      const grantable = viewer.isPlatformAdmin || isUnder(org.path, staffPaths(viewer, ['ORG_ADMIN']));
      if (!grantable) throw new ForbiddenError('You may grant roles only in an organization you administer.');
    } else if (!viewer.isPlatformAdmin) {
      throw new ForbiddenError('Only a platform admin may create a platform admin.');
    }
    if (await findAccountByMobile(tx, mobile)) throw new ConflictError('An account with this mobile number already exists.');
    const account = await insertAccount(tx, { mobile, displayName, passwordHash: await hashPassword(input.password) });
    await grantRole(tx, account.id, input.role, input.organizationId);
    return account;
  });
}

/** GRIDROSTER_ADMIN_MOBILE/PASSWORD: create that platform admin, or reset its password. */
export async function ensurePlatformAdmin(db: Db, mobile: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const existing = await findAccountByMobile(tx, mobile);
    const account = existing ?? (await insertAccount(tx, { mobile, displayName: 'Platform admin', passwordHash }));
    if (existing) await setPasswordHash(tx, existing.id, passwordHash);
    await grantRole(tx, account.id, 'PLATFORM_ADMIN', null);
  });
}
