import { eq, sql, type SQL } from 'drizzle-orm';
import { certificateRequests, certificates } from '../../../drizzle/tables';
import type { DbOrTx, Tx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { ledgerSql, type DayRange } from '../hours/ledger.queries';
import type { ServiceItemRow } from '../hours/service-item.type';
import { visibleCertificateRequestSql, visibleCertificateSql } from './certificate.policy';
import type { CertificateContent, CertificateRequestRow, CertificateRequestStatus, CertificateRow } from './certificate.type';

/**
 * The service an organization vouches for: completed assignments on its subtree's grids, or while
 * the volunteer served with one of its teams deployed there; and adjustments recorded for its
 * subtree. Nothing of a correction office (its posts, its corrections) is ever on a certificate.
 */
function vouchedBySql(orgPath: string): SQL {
  const org = sql`${orgPath}::ltree`;
  const deployed = sql`exists (select 1 from deployments d join grids dg on dg.id = d.grid_id join teams t on t.id = d.team_id
      join organizations tor on tor.id = t.organization_id
      join team_memberships m on m.team_id = t.id and m.volunteer_id = c.volunteer_id and m.joined_at <= c.until and (m.left_at is null or m.left_at > c.at)
     where g.path <@ dg.path and tor.path <@ ${org} and t.kind <> 'COMMUNITY_CORRECTION' and tor.kind <> 'CORRECTION_OFFICE'
       and c.day >= d.starts_on and (d.ends_on is null or c.day <= d.ends_on))`;
  return sql`(go.kind is distinct from 'CORRECTION_OFFICE' and (
      (not c.adjusted and (go.path <@ ${org} or ${deployed}))
      or (c.adjusted and exists (select 1 from organizations ao where ao.id = c.organization_id and ao.path <@ ${org} and ao.kind <> 'CORRECTION_OFFICE'))))`;
}

/** The lines a certificate of `org` would carry for the volunteer and period, in time order. */
export async function certifiedService(db: DbOrTx, volunteerId: number, orgPath: string, range: DayRange): Promise<ServiceItemRow[]> {
  return db.execute<ServiceItemRow>(sql`
    select c.kind, to_char(c.day, 'YYYY-MM-DD') as date, c.duty::text as duty, g.name as place,
           round(c.minutes / 60, 2)::float8 as hours, c.minutes::float8 as minutes, c.person_times as "personTimes", null as note
      from ${ledgerSql({ volunteerId: sql`${volunteerId}::int`, range })} c
      left join grids g on g.id = c.grid_id left join organizations go on go.id = g.organization_id
     where ${vouchedBySql(orgPath)}
     order by c.at, c.adjusted, c.entry_id`).then((rows) => [...rows]);
}

/** The next number of an organization's year, under the counter row's lock. */
export async function nextSequence(tx: Tx, organizationId: number, year: number): Promise<number> {
  const [row] = await tx.execute<{ last: number }>(sql`
    insert into certificate_counters (organization_id, year, last) values (${organizationId}, ${year}, 1)
    on conflict (organization_id, year) do update set last = certificate_counters.last + 1
    returning last`);
  return row.last;
}

const columns = {
  id: certificates.id, organizationId: certificates.organizationId, volunteerId: certificates.volunteerId, number: certificates.number,
  periodFrom: certificates.periodFrom, periodTo: certificates.periodTo, content: certificates.content, contentHash: certificates.contentHash,
  verificationCode: certificates.verificationCode, issuedBy: certificates.issuedBy, issuedAt: certificates.issuedAt,
  supersededBy: certificates.supersededBy, supersededAt: certificates.supersededAt,
};

function toRow(row: Omit<CertificateRow, 'superseded' | 'content'> & { content: unknown }): CertificateRow {
  return { ...row, content: row.content as CertificateContent, superseded: row.supersededBy != null };
}

/** Stores a snapshot; its hash is computed by PostgreSQL over the stored JSON (and checked there). */
export async function insertCertificate(tx: Tx, values: Omit<typeof certificates.$inferInsert, 'contentHash'> & { content: CertificateContent }): Promise<CertificateRow> {
  const [row] = await tx.insert(certificates).values({
    ...values,
    contentHash: sql`encode(sha256(convert_to(${JSON.stringify(values.content)}::jsonb::text, 'UTF8')), 'hex')`,
  }).returning(columns);
  return toRow(row);
}

export async function markSuperseded(tx: Tx, id: number, by: number): Promise<void> {
  await tx.update(certificates).set({ supersededBy: by, supersededAt: sql`now()` }).where(eq(certificates.id, id));
}

const scoped = sql`certificates ce join organizations co on co.id = ce.organization_id`;

export async function visibleCertificatesByIds(db: DbOrTx, viewer: Viewer, ids: readonly number[], lock = false): Promise<CertificateRow[]> {
  const visible = await db.execute<{ id: number }>(sql`select ce.id from ${scoped}
    where ce.id = any(${sql.param([...ids])}::int[]) and ${visibleCertificateSql(viewer)} ${lock ? sql`for update of ce` : sql``}`);
  if (!visible.length) return [];
  const rows = await db.select(columns).from(certificates).where(sql`${certificates.id} = any(${sql.param(visible.map((v) => v.id))}::int[])`);
  return rows.map(toRow);
}

export interface CertificatePageQuery {
  organizationId?: number;
  volunteerId?: number;
  after: { issuedAt: string; id: number } | null;
  limit: number;
}

/** Newest first; `limit + 1` rows and the total. */
export async function listVisibleCertificates(db: DbOrTx, viewer: Viewer, q: CertificatePageQuery): Promise<{ rows: CertificateRow[]; totalCount: number }> {
  const where = certificateListWhere(viewer, q);
  const after = q.after ? sql`and (ce.issued_at, ce.id) < (${q.after.issuedAt}::timestamptz, ${q.after.id})` : sql``;
  const ids = await db.execute<{ id: number }>(sql`select ce.id from ${scoped} where ${where} ${after} order by ce.issued_at desc, ce.id desc limit ${q.limit + 1}`);
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${scoped} where ${where}`);
  const rows = ids.length ? await db.select(columns).from(certificates).where(sql`${certificates.id} = any(${sql.param(ids.map((i) => i.id))}::int[])`) : [];
  const order = new Map(ids.map((r, i) => [r.id, i]));
  return { rows: rows.map(toRow).sort((a, b) => order.get(a.id)! - order.get(b.id)!), totalCount: n };
}

export function certificateListWhere(viewer: Viewer, q: { organizationId?: number; volunteerId?: number }): SQL {
  return sql.join([
    visibleCertificateSql(viewer),
    ...(q.organizationId != null ? [sql`ce.organization_id = ${q.organizationId}`] : []),
    ...(q.volunteerId != null ? [sql`ce.volunteer_id = ${q.volunteerId}`] : []),
  ], sql` and `);
}

/** The register of an organization's certificates, for exports (streamed). */
export function certificateRegisterSql(viewer: Viewer, organizationId: number): SQL {
  return sql`select ce.number, ce.content->'volunteer'->>'name' as volunteer, ce.period_from::text as period_from, ce.period_to::text as period_to,
      (ce.content->'totals'->>'hours')::float8 as hours, (ce.content->'totals'->>'personTimes')::int as person_times,
      to_char(ce.issued_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as issued_on, ce.superseded_by is not null as superseded, ce.content_hash
    from ${scoped} where ${certificateListWhere(viewer, { organizationId })} order by ce.issued_at, ce.id`;
}

/** A certificate by number, for public verification (no scope: the code is the proof). */
export async function certificateByNumber(db: DbOrTx, number: string): Promise<{ row: CertificateRow; organizationName: string } | null> {
  const [row] = await db.select({ ...columns, organizationName: sql<string>`(select name from organizations where id = ${certificates.organizationId})` })
    .from(certificates).where(eq(certificates.number, number));
  if (!row) return null;
  const { organizationName, ...rest } = row;
  return { row: toRow(rest), organizationName };
}

// ---------------------------------------------------------------- requests

const requestColumns = {
  id: certificateRequests.id, volunteerId: certificateRequests.volunteerId, organizationId: certificateRequests.organizationId,
  periodFrom: certificateRequests.periodFrom, periodTo: certificateRequests.periodTo, status: certificateRequests.status,
  certificateId: certificateRequests.certificateId, decisionNote: certificateRequests.decisionNote, createdAt: certificateRequests.createdAt,
};

const requestScope = sql`certificate_requests cr join organizations co on co.id = cr.organization_id`;

export async function insertCertificateRequest(tx: Tx, values: typeof certificateRequests.$inferInsert): Promise<CertificateRequestRow> {
  const [row] = await tx.insert(certificateRequests).values(values).returning(requestColumns);
  return row;
}

export async function visibleCertificateRequests(db: DbOrTx, viewer: Viewer, ids: readonly number[], lock = false): Promise<CertificateRequestRow[]> {
  const visible = await db.execute<{ id: number }>(sql`select cr.id from ${requestScope}
    where cr.id = any(${sql.param([...ids])}::int[]) and ${visibleCertificateRequestSql(viewer)} ${lock ? sql`for update of cr` : sql``}`);
  if (!visible.length) return [];
  return db.select(requestColumns).from(certificateRequests).where(sql`${certificateRequests.id} = any(${sql.param(visible.map((v) => v.id))}::int[])`);
}

export async function listCertificateRequests(
  db: DbOrTx, viewer: Viewer, q: { organizationId: number | null; status: CertificateRequestStatus | null; after: { at: string; id: number } | null; limit: number },
): Promise<{ rows: CertificateRequestRow[]; totalCount: number }> {
  const where = sql.join([
    visibleCertificateRequestSql(viewer),
    ...(q.organizationId != null ? [sql`cr.organization_id = ${q.organizationId}`] : []),
    ...(q.status ? [sql`cr.status = ${q.status}`] : []),
  ], sql` and `);
  const after = q.after ? sql`and (cr.created_at, cr.id) > (${q.after.at}::timestamptz, ${q.after.id})` : sql``;
  const ids = await db.execute<{ id: number }>(sql`select cr.id from ${requestScope} where ${where} ${after} order by cr.created_at, cr.id limit ${q.limit + 1}`);
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${requestScope} where ${where}`);
  const rows = ids.length ? await db.select(requestColumns).from(certificateRequests)
    .where(sql`${certificateRequests.id} = any(${sql.param(ids.map((i) => i.id))}::int[])`).orderBy(certificateRequests.createdAt, certificateRequests.id) : [];
  return { rows, totalCount: n };
}

export async function decideCertificateRequest(tx: Tx, id: number, decision: { status: 'ISSUED' | 'DECLINED'; certificateId: number | null; decidedBy: number; note: string | null }): Promise<CertificateRequestRow> {
  const [row] = await tx.update(certificateRequests)
    .set({ status: decision.status, certificateId: decision.certificateId, decidedBy: decision.decidedBy, decidedAt: sql`now()`, decisionNote: decision.note })
    .where(eq(certificateRequests.id, id)).returning(requestColumns);
  return row;
}

export async function pendingCertificateRequests(tx: DbOrTx, volunteerId: number): Promise<number> {
  const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from certificate_requests where volunteer_id = ${volunteerId} and status = 'PENDING'`);
  return n;
}
