import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { accounts, grids, organizations, volunteerAffiliations, volunteers } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { VolunteerRow, VolunteerStatus } from './volunteer.type';

const intArray = (ids: readonly number[]) => sql`${sql.param(ids as number[])}::int[]`;
const textArray = (values: readonly string[]) => sql`${sql.param(values as string[])}::text[]`;

export async function selectVolunteers(db: DbOrTx, where: SQL, page?: { afterId: number | null; limit: number }): Promise<VolunteerRow[]> {
  const conditions = page?.afterId != null ? and(where, gt(volunteers.id, page.afterId))! : where;
  const query = db.select().from(volunteers).where(conditions).orderBy(asc(volunteers.id));
  return page ? query.limit(page.limit) : query;
}

export async function countVolunteers(db: DbOrTx, where: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(volunteers).where(where);
  return row.n;
}

export async function volunteersByIds(db: DbOrTx, ids: readonly number[], where?: SQL): Promise<VolunteerRow[]> {
  const byId = sql`${volunteers.id} = any(${intArray(ids)})`;
  return db.select().from(volunteers).where(where ? and(byId, where)! : byId);
}

/** Everyone a batch could be about: stored people sharing a mobile or an ID number hash. */
export async function volunteersByMobileOrHash(db: DbOrTx, mobiles: string[], hashes: string[]): Promise<VolunteerRow[]> {
  if (mobiles.length === 0 && hashes.length === 0) return [];
  return db.select().from(volunteers)
    .where(sql`${volunteers.mobile} = any(${textArray(mobiles)}) or ${volunteers.idNumberHash} = any(${textArray(hashes)})`);
}

export type NewVolunteer = typeof volunteers.$inferInsert;

/** One multi-row insert; the unique constraints on mobile and id_number_hash settle races. */
export async function insertVolunteers(db: DbOrTx, rows: NewVolunteer[]): Promise<VolunteerRow[]> {
  if (rows.length === 0) return [];
  return db.insert(volunteers).values(rows).returning();
}

export async function insertAffiliations(db: DbOrTx, volunteerIds: number[], organizationId: number): Promise<void> {
  if (volunteerIds.length === 0) return;
  await db.insert(volunteerAffiliations)
    .values([...new Set(volunteerIds)].map((volunteerId) => ({ volunteerId, organizationId })))
    .onConflictDoNothing();
}

/** What storing an ID number writes: the ciphertext, the keyed hash and the masked hint. */
export interface IdNumberColumns {
  idNumberCipher: Buffer;
  idNumberHash: string;
  idNumberHint: string;
}

/**
 * Gives stored people who had no ID number one, in one statement. Only rows still without one
 * are touched (a concurrent registration may have given one since they were read): the caller
 * compares what comes back with what it asked for. The unique index on the hash still decides
 * whether the number is free.
 */
export async function addIdNumbers(db: DbOrTx, additions: { id: number; columns: IdNumberColumns }[]): Promise<VolunteerRow[]> {
  if (additions.length === 0) return [];
  const column = <T>(pick: (c: IdNumberColumns) => T) => additions.map((a) => pick(a.columns));
  const updated = await db.execute<{ id: number }>(sql`
    update ${volunteers} v set id_number_cipher = decode(u.cipher, 'hex'), id_number_hash = u.hash, id_number_hint = u.hint, updated_at = now()
    from unnest(${intArray(additions.map((a) => a.id))}, ${textArray(column((c) => c.idNumberCipher.toString('hex')))},
                ${textArray(column((c) => c.idNumberHash))}, ${textArray(column((c) => c.idNumberHint))}) as u(id, cipher, hash, hint)
    where v.id = u.id and v.id_number_hash is null
    returning v.id`);
  return volunteersByIds(db, [...updated].map((r) => r.id));
}

/** Moves the status; with `from`, only when it is still that status (approve races). */
export async function updateVolunteerStatus(db: DbOrTx, id: number, status: VolunteerStatus, from?: VolunteerStatus): Promise<VolunteerRow | undefined> {
  const [row] = await db.update(volunteers).set({ status, updatedAt: sql`now()` })
    .where(from ? and(eq(volunteers.id, id), eq(volunteers.status, from)) : eq(volunteers.id, id))
    .returning();
  return row;
}

export async function lockVolunteer(db: DbOrTx, id: number): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.id, id)).for('update');
  return row;
}

/**
 * One page per organization in one statement: the organization's ltree path is handed to
 * `where` as SQL so the same filter serves Query.volunteers and Organization.volunteers.
 */
export async function pageIdsByOrganization(
  db: DbOrTx, orgIds: readonly number[], where: (orgPath: SQL) => SQL, page: { afterId: number | null; limit: number },
): Promise<{ orgId: number; volunteerId: number }[]> {
  const after = page.afterId != null ? sql`and ${volunteers.id} > ${page.afterId}` : sql``;
  const rows = await db.execute<{ orgId: number; volunteerId: number }>(sql`
    select og.id as "orgId", p.id as "volunteerId" from organizations og
    cross join lateral (select ${volunteers.id} as id from ${volunteers} where ${where(sql`og.path`)} ${after}
                        order by ${volunteers.id} limit ${page.limit}) p
    where og.id = any(${intArray(orgIds)}) order by og.id, p.id`);
  return [...rows];
}

export async function countsByOrganization(db: DbOrTx, orgIds: readonly number[], where: (orgPath: SQL) => SQL): Promise<Map<number, number>> {
  const rows = await db.execute<{ orgId: number; n: number }>(sql`
    select og.id as "orgId", (select count(*)::int from ${volunteers} where ${where(sql`og.path`)}) as n
    from organizations og where og.id = any(${intArray(orgIds)})`);
  return new Map([...rows].map((r) => [r.orgId, r.n]));
}

/** Of these grid ids, the ones satisfying `visible` (SQL over aliases g and go). */
export async function gridIdsWhere(db: DbOrTx, ids: number[], visible: SQL): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.execute<{ id: number }>(sql`
    select g.id from ${grids} g join ${organizations} go on go.id = g.organization_id
    where g.id = any(${intArray(ids)}) and ${visible}`);
  return new Set([...rows].map((r) => r.id));
}

/** Whether a team condition (over nothing but constants) holds: the teams module owns what it says. */
export async function teamExistsFor(db: DbOrTx, condition: SQL): Promise<boolean> {
  const rows = await db.execute(sql`select 1 where ${condition}`);
  return rows.length > 0;
}

export async function accountIdOfVolunteer(db: DbOrTx, volunteerId: number): Promise<number | null> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.volunteerId, volunteerId));
  return row?.id ?? null;
}

/**
 * The organization a VOLUNTEER grant made by staff names: of the volunteer's affiliations that
 * `managed` (SQL over aliases a, o) allows, the registering organization, else the earliest.
 */
export async function grantOrganizationFor(db: DbOrTx, volunteerId: number, managed: SQL): Promise<number | null> {
  const rows = await db.execute<{ id: number }>(sql`
    select o.id from volunteer_affiliations a join organizations o on o.id = a.organization_id join ${volunteers} v on v.id = a.volunteer_id
    where a.volunteer_id = ${volunteerId} and a.confirmed_at is not null and ${managed}
    order by (o.id is not distinct from v.registered_by) desc, a.created_at, o.id limit 1`);
  return rows[0]?.id ?? null;
}

/** The person holding this mobile (one person per mobile platform-wide). */
export async function volunteerByMobile(db: DbOrTx, mobile: string): Promise<VolunteerRow | undefined> {
  if (/\p{Cc}/u.test(mobile)) return undefined;
  const [row] = await db.select().from(volunteers).where(eq(volunteers.mobile, mobile));
  return row;
}

/** Each volunteer's status through `statusSql` (volunteer.policy effectiveStatusSql over these columns). */
export async function effectiveStatuses(db: DbOrTx, ids: number[], statusSql: (id: SQL, status: SQL) => SQL): Promise<Map<number, VolunteerStatus>> {
  const rows = await db.execute<{ id: number; status: VolunteerStatus }>(sql`
    select v.id, ${statusSql(sql`v.id`, sql`v.status`)} as status from ${volunteers} v where v.id = any(${intArray(ids)})`);
  return new Map([...rows].map((r) => [r.id, r.status]));
}
