import { eq, sql } from 'drizzle-orm';
import { households } from '../../../drizzle/tables';
import type { Db } from '../../platform/db';
import { BadUserInputError, ConflictError, NotFoundError } from '../../platform/errors';
import { pgErrorCode } from '../../platform/pg-codes';
import type { Viewer } from '../auth/viewer';
import { assertCanManageRequests } from './request.policy';
import { requestGrid, selectHouseholds, visibleHouseholdsByIds } from './request.queries';
import type { HouseholdRow } from './household.type';
import type { HouseholdNeed } from './request.enums';

export interface NewHousehold {
  gridId: number;
  address: string;
  contactName?: string | null;
  contactPhone?: string | null;
  residentCount?: number | null;
  needs?: HouseholdNeed[] | null;
  note?: string | null;
}

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

function text(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const clean = value.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (clean.length > max) throw new BadUserInputError({ key: 'requests.textTooLong', params: { field, max } }, field);
  return clean || null;
}

/** The stored form of a household's facts, checked; `field` prefixes where they sit in the request. */
function householdValues(input: Omit<NewHousehold, 'gridId' | 'address'>, field: string) {
  const phone = text(input.contactPhone, `${field}.contactPhone`, 20);
  if (phone && !PHONE.test(phone.replace(/\s/g, ''))) throw new BadUserInputError('requests.contactPhoneFormat', `${field}.contactPhone`);
  const count = input.residentCount;
  if (count != null && (count < 1 || count > 50)) throw new BadUserInputError('requests.residentCountRange', `${field}.residentCount`);
  return {
    ...(input.contactName !== undefined ? { contactName: text(input.contactName, `${field}.contactName`, 50) } : {}),
    ...(input.contactPhone !== undefined ? { contactPhone: phone?.replace(/\s/g, '') ?? null } : {}),
    ...(count != null ? { residentCount: count } : {}),
    ...(input.needs != null ? { needs: [...new Set(input.needs)] } : {}),
    ...(input.note !== undefined ? { note: text(input.note, `${field}.note`, 500) } : {}),
  };
}

/** Records a household in a grid: those who look after the grid's residents only. */
export async function recordHousehold(db: Db, viewer: Viewer, input: NewHousehold): Promise<HouseholdRow> {
  const address = text(input.address, 'input.address', 100);
  if (!address) throw new BadUserInputError('requests.addressRequired', 'input.address');
  const values = householdValues(input, 'input');
  return db.transaction(async (tx) => {
    const grid = await requestGrid(tx, viewer, input.gridId);
    if (!grid?.visible) throw new NotFoundError('Grid');
    assertCanManageRequests(viewer, grid);
    const [row] = await tx.insert(households).values({ ...values, gridId: grid.id, address, createdBy: viewer.accountId })
      .returning({ id: households.id })
      .catch((error: unknown) => {
        if (pgErrorCode(error) === '23505') throw new ConflictError('requests.householdExists', 'HOUSEHOLD_EXISTS');
        throw error;
      });
    const [household] = await selectHouseholds(tx, eq(households.id, row.id));
    return household;
  });
}

/** Changes a household's contact, size or standing needs. */
export async function updateHousehold(db: Db, viewer: Viewer, id: number, patch: Omit<NewHousehold, 'gridId' | 'address'>): Promise<HouseholdRow> {
  const values = householdValues(patch, 'patch');
  return db.transaction(async (tx) => {
    // Visibility before the lock: nobody holds a lock on a household they may not see.
    const [household] = await visibleHouseholdsByIds(tx, viewer, [id]);
    if (!household) throw new NotFoundError('Household');
    await tx.execute(sql`select 1 from households where id = ${id} for update`);
    assertCanManageRequests(viewer, household);
    await tx.update(households).set({ ...values, updatedAt: new Date() }).where(eq(households.id, id));
    const [updated] = await selectHouseholds(tx, eq(households.id, id));
    return updated;
  });
}
