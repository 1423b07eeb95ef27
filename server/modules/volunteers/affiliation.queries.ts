import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { organizations, signUpClaims, volunteerAffiliations } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { VolunteerStatus } from './volunteer.type';

const intArray = (ids: readonly number[]) => sql`${sql.param(ids as number[])}::int[]`;

export type AffiliationRow = typeof volunteerAffiliations.$inferSelect;

/** Where a stored person stands with the organization a registration is for. */
export interface AffiliationFacts {
  /** Their affiliation with that organization, if any. */
  withOrganization: 'CONFIRMED' | 'AWAITING' | 'DECLINED' | null;
  /** A confirmed affiliation in that organization's subtree the caller may know of (`known`). */
  heldBelow: boolean;
}

export async function affiliationFacts(
  db: DbOrTx, volunteerIds: number[], org: { id: number; path: string }, known: (org: { path: SQL; kind: SQL }) => SQL,
): Promise<Map<number, AffiliationFacts>> {
  if (volunteerIds.length === 0) return new Map();
  const rows = await db.execute<{ id: number; with_org: AffiliationFacts['withOrganization']; held_below: boolean }>(sql`
    select p.id,
      (select case when a.confirmed_at is not null then 'CONFIRMED' when a.declined_at is not null then 'DECLINED' else 'AWAITING' end
         from volunteer_affiliations a where a.volunteer_id = p.id and a.organization_id = ${org.id}) as with_org,
      exists (select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
               where a.volunteer_id = p.id and a.confirmed_at is not null and o.path <@ ${org.path}::ltree and ${known({ path: sql`o.path`, kind: sql`o.kind` })}) as held_below
    from unnest(${intArray(volunteerIds)}) as p(id)`);
  return new Map([...rows].map((r) => [r.id, { withOrganization: r.with_org, heldBelow: r.held_below }]));
}

/** Affiliations that stand at once: the organization made the record, or already holds the person. */
export async function insertConfirmedAffiliations(db: DbOrTx, volunteerIds: number[], organizationId: number, status: VolunteerStatus = 'ACTIVE'): Promise<void> {
  if (volunteerIds.length === 0) return;
  await db.insert(volunteerAffiliations)
    .values([...new Set(volunteerIds)].map((volunteerId) => ({ volunteerId, organizationId, status, confirmedAt: sql`now()` })))
    .onConflictDoNothing();
}

/**
 * Requests waiting for the person: what the registrar typed is kept with them. A request the
 * person declined is asked again (a new registration is a new question); a waiting or confirmed one
 * is left as it is.
 */
export async function requestAffiliations(db: DbOrTx, requests: { volunteerId: number; name: string; mobile: string }[], organizationId: number): Promise<void> {
  if (requests.length === 0) return;
  await db.insert(volunteerAffiliations)
    .values(requests.map((r) => ({ volunteerId: r.volunteerId, organizationId, requestedName: r.name, requestedMobile: r.mobile })))
    .onConflictDoUpdate({
      target: [volunteerAffiliations.volunteerId, volunteerAffiliations.organizationId],
      set: { declinedAt: null, createdAt: sql`now()`, requestedName: sql`excluded.requested_name`, requestedMobile: sql`excluded.requested_mobile` },
      setWhere: sql`${volunteerAffiliations.declinedAt} is not null`,
    });
}

export async function findAffiliation(db: DbOrTx, id: number): Promise<AffiliationRow | undefined> {
  const [row] = await db.select().from(volunteerAffiliations).where(eq(volunteerAffiliations.id, id));
  return row;
}

/** The person's answer, taken only while the request still waits (two answers racing: one wins). */
export async function answerAffiliation(db: DbOrTx, id: number, answer: 'CONFIRM' | 'DECLINE'): Promise<AffiliationRow | undefined> {
  const [row] = await db.update(volunteerAffiliations)
    .set(answer === 'CONFIRM' ? { confirmedAt: sql`now()` } : { declinedAt: sql`now()` })
    .where(and(eq(volunteerAffiliations.id, id), isNull(volunteerAffiliations.confirmedAt), isNull(volunteerAffiliations.declinedAt)))
    .returning();
  return row;
}

/** A person's own requests (waiting, confirmed after asking, declined), newest first. */
export async function requestsOfVolunteer(db: DbOrTx, volunteerId: number, limit: number): Promise<AffiliationRow[]> {
  return db.select().from(volunteerAffiliations)
    .where(and(eq(volunteerAffiliations.volunteerId, volunteerId), sql`${volunteerAffiliations.requestedName} is not null`))
    .orderBy(sql`${volunteerAffiliations.createdAt} desc`, sql`${volunteerAffiliations.id} desc`).limit(limit);
}

/** An organization's requests still waiting for the person, oldest first, paged by id. */
export async function waitingRequestsOf(db: DbOrTx, organizationId: number, page: { afterId: number | null; limit: number }): Promise<AffiliationRow[]> {
  return db.select().from(volunteerAffiliations)
    .where(and(
      eq(volunteerAffiliations.organizationId, organizationId), isNull(volunteerAffiliations.confirmedAt), isNull(volunteerAffiliations.declinedAt),
      page.afterId != null ? sql`${volunteerAffiliations.id} > ${page.afterId}` : undefined,
    ))
    .orderBy(volunteerAffiliations.id).limit(page.limit);
}

/**
 * Confirms (or creates confirmed) the person's affiliation with an organization they asked to join
 * themselves through a sign-up; the organization still approves them (status PENDING).
 */
export async function joinAsSignedUp(db: DbOrTx, volunteerId: number, organizationId: number): Promise<void> {
  await db.insert(volunteerAffiliations)
    .values({ volunteerId, organizationId, status: 'PENDING', confirmedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [volunteerAffiliations.volunteerId, volunteerAffiliations.organizationId],
      set: { confirmedAt: sql`now()`, declinedAt: null },
      setWhere: sql`${volunteerAffiliations.confirmedAt} is null`,
    });
}

/**
 * Moves the standing of the affiliations `managed` (given their organization) selects; with `from`,
 * only those still in that standing (approvals racing). Returns how many moved.
 */
export async function setAffiliationStatus(
  db: DbOrTx, volunteerId: number, managed: (org: { path: SQL; kind: SQL }) => SQL, status: VolunteerStatus, from?: VolunteerStatus,
): Promise<number> {
  const moved = await db.execute(sql`
    update volunteer_affiliations a set status = ${status}
    from ${organizations} o
    where o.id = a.organization_id and a.volunteer_id = ${volunteerId} and a.confirmed_at is not null and ${managed({ path: sql`o.path`, kind: sql`o.kind` })}
      ${from ? sql`and a.status = ${from}` : sql``}
    returning a.volunteer_id`);
  return moved.length;
}

export async function insertSignUpClaim(db: DbOrTx, claim: typeof signUpClaims.$inferInsert): Promise<number> {
  const [row] = await db.insert(signUpClaims).values(claim).returning({ id: signUpClaims.id });
  return row.id;
}

/** The person's newest sign-up claim still open; codes are issued per person, so only it counts. */
export async function latestOpenClaim(db: DbOrTx, volunteerId: number): Promise<typeof signUpClaims.$inferSelect | undefined> {
  const [row] = await db.select().from(signUpClaims)
    .where(and(eq(signUpClaims.volunteerId, volunteerId), isNull(signUpClaims.confirmedAt)))
    .orderBy(sql`${signUpClaims.id} desc`).limit(1).for('update');
  return row;
}

export async function closeClaim(db: DbOrTx, id: number): Promise<void> {
  await db.update(signUpClaims).set({ confirmedAt: sql`now()` }).where(eq(signUpClaims.id, id));
}
