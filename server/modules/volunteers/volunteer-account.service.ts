import type { Db } from '../../platform/db';
import { ConflictError } from '../../platform/errors';
import { checkPassword } from '../auth/auth.service';
import { findAccountByMobile, grantRole, insertAccount, type AccountRow } from '../auth/auth.queries';
import { hashPassword } from '../auth/password';
import type { Viewer } from '../auth/viewer';
import { managedAffiliationSql } from './volunteer.policy';
import { accountIdOfVolunteer, grantOrganizationFor } from './volunteer.queries';
import { managedVolunteer } from './volunteer.service';

/**
 * Staff of an organization the volunteer belongs to give them a VOLUNTEER account (signing in
 * with their mobile): the way in for people registered without an ID number, who cannot claim
 * their record through signUp.
 */
export async function createVolunteerAccount(db: Db, viewer: Viewer, volunteerId: number, password: string): Promise<AccountRow> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const volunteer = await managedVolunteer(tx, viewer, volunteerId);
    if ((await accountIdOfVolunteer(tx, volunteer.id)) != null) throw new ConflictError('This volunteer already has an account.', 'HAS_ACCOUNT');
    if (await findAccountByMobile(tx, volunteer.mobile)) throw new ConflictError('An account with this mobile number already exists.');
    const account = await insertAccount(tx, { mobile: volunteer.mobile, displayName: volunteer.name, passwordHash, volunteerId: volunteer.id });
    // The grant names an organization of the volunteer's that the caller looks after (null is for PLATFORM_ADMIN only).
    await grantRole(tx, account.id, 'VOLUNTEER', await grantOrganizationFor(tx, volunteer.id, managedAffiliationSql(viewer)));
    return account;
  });
}
