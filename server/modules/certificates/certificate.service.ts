import { randomInt } from 'node:crypto';
import { and, sql } from 'drizzle-orm';
import { organizations, volunteers } from '../../../drizzle/tables';
import type { Db, DbOrTx, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { rangeBounds, shanghaiDate } from '../../platform/date-range';
import { decodeTimeCursor, pageSize, toPage, type Page } from '../../platform/pagination';
import type { Viewer } from '../auth/viewer';
import { cleanReason } from '../hours/hours.service';
import { visibleOrganizationSql } from '../organizations/organization.policy';
import { selectOrganizations } from '../organizations/organization.queries';
import type { OrganizationRow } from '../organizations/organization.type';
import { maskIdNumber } from '../volunteers/volunteer.validation';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { canIssueFor } from './certificate.policy';
import {
  certifiedService, decideCertificateRequest, insertCertificate, insertCertificateRequest, listCertificateRequests, listVisibleCertificates,
  markSuperseded, nextSequence, pendingCertificateRequests, visibleCertificateRequests, visibleCertificatesByIds,
} from './certificate.queries';
import type { CertificateContent, CertificateRequestRow, CertificateRequestStatus, CertificateRow } from './certificate.type';

/** Unambiguous characters (no 0/O, 1/I/L) for a code read off paper. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function verificationCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

async function visibleOrganization(db: DbOrTx, viewer: Viewer, id: number): Promise<OrganizationRow | null> {
  const [row] = await selectOrganizations(db, and(sql`${organizations.id} = ${id}`, visibleOrganizationSql(viewer))!);
  return row ?? null;
}

/** A closed period of at most two years, not reaching past today. */
function cleanPeriod(period: { from?: string | null; to?: string | null } | null | undefined, field: string): { from: string; to: string } {
  if (!period?.from || !period.to) throw new BadUserInputError('periods.needBothEnds', field);
  rangeBounds(period, field);
  if (period.to > shanghaiDate(new Date())) throw new BadUserInputError('periods.notInFuture', `${field}.to`);
  if (Date.parse(period.to) - Date.parse(period.from) > 731 * 86_400_000) throw new BadUserInputError('periods.atMostTwoYears', field);
  return { from: period.from, to: period.to };
}

/** The snapshot for (volunteer, organization, period) as it stands now. */
async function buildContent(tx: Tx, volunteerId: number, org: OrganizationRow, period: { from: string; to: string }, number: string): Promise<CertificateContent> {
  const [person] = await tx.select({ name: volunteers.name, hint: volunteers.idNumberHint }).from(volunteers).where(sql`${volunteers.id} = ${volunteerId}`);
  const items = await certifiedService(tx, volunteerId, org.path, period);
  if (items.length === 0) throw new ConflictError('certificates.noService', 'NO_SERVICE');
  const minutes = Math.round(items.reduce((sum, i) => sum + i.minutes, 0) * 100) / 100;
  return {
    title: '志愿服务记录证明',
    number,
    issuedOn: shanghaiDate(new Date()),
    organization: { name: org.name },
    volunteer: { name: person.name, idNumber: person.hint ? maskIdNumber(person.hint) : null },
    period,
    totals: { minutes, hours: Math.round((minutes / 60) * 100) / 100, personTimes: items.reduce((sum, i) => sum + i.personTimes, 0) },
    items: items.map(({ minutes: _m, note: _n, ...item }) => item),
  };
}

/** Issues a new numbered snapshot (the counter row lock orders concurrent issues of one organization). */
async function issue(tx: Tx, viewer: Viewer, volunteerId: number, org: OrganizationRow, period: { from: string; to: string }): Promise<CertificateRow> {
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const sequence = await nextSequence(tx, org.id, year);
  const number = `${org.id}-${year}-${String(sequence).padStart(6, '0')}`;
  const content = await buildContent(tx, volunteerId, org, period, number);
  return insertCertificate(tx, {
    organizationId: org.id, volunteerId, number, periodFrom: period.from, periodTo: period.to, content,
    verificationCode: verificationCode(), issuedBy: viewer.accountId,
  });
}

async function issuingOrganization(db: DbOrTx, viewer: Viewer, organizationId: number): Promise<OrganizationRow> {
  const org = await visibleOrganization(db, viewer, organizationId);
  if (!org) throw new NotFoundError('Organization');
  if (org.kind === 'CORRECTION_OFFICE') throw new ForbiddenError('certificates.notByCorrectionOffice');
  if (!canIssueFor(viewer, org)) throw new ForbiddenError('certificates.onlyStaffIssue');
  return org;
}

async function assertVolunteerVisible(db: DbOrTx, viewer: Viewer, volunteerId: number): Promise<void> {
  const [row] = await db.execute(sql`select 1 from volunteers v where v.id = ${volunteerId} and ${visibleVolunteerSql(viewer, sql`v.id`)}`);
  if (!row) throw new NotFoundError('Volunteer');
}

export interface IssueInput {
  requestId: number | null;
  volunteerId: number | null;
  organizationId: number | null;
  period: { from?: string | null; to?: string | null } | null;
}

/** Issues a certificate: for a volunteer's request, or for a volunteer, an organization and a period. */
export async function issueCertificate(db: Db, viewer: Viewer, input: IssueInput): Promise<CertificateRow> {
  if (input.requestId != null) return issueForRequest(db, viewer, input.requestId);
  if (input.volunteerId == null || input.organizationId == null) {
    throw new BadUserInputError('certificates.requestOrSubject', input.volunteerId == null ? 'input.volunteerId' : 'input.organizationId');
  }
  const period = cleanPeriod(input.period, 'input.period');
  const org = await issuingOrganization(db, viewer, input.organizationId);
  await assertVolunteerVisible(db, viewer, input.volunteerId);
  return db.transaction((tx) => issue(tx, viewer, input.volunteerId!, org, period));
}

async function issueForRequest(db: Db, viewer: Viewer, requestId: number): Promise<CertificateRow> {
  return db.transaction(async (tx) => {
    const [request] = await visibleCertificateRequests(tx, viewer, [requestId], true);
    if (!request) throw new NotFoundError('CertificateRequest');
    const org = await issuingOrganization(tx, viewer, request.organizationId);
    if (request.status !== 'PENDING') throw new ConflictError({ key: 'requests.alreadyDecided', params: { status: request.status } }, 'DECIDED');
    const certificate = await issue(tx, viewer, request.volunteerId, org, { from: request.periodFrom, to: request.periodTo });
    await decideCertificateRequest(tx, request.id, { status: 'ISSUED', certificateId: certificate.id, decidedBy: viewer.accountId, note: null });
    return certificate;
  });
}

/**
 * A new snapshot (new number, content as the record stands now) for the same volunteer,
 * organization and period; the old one is marked superseded. Under the old one's row lock, so two
 * reissues cannot both supersede it.
 */
export async function reissueCertificate(db: Db, viewer: Viewer, id: number): Promise<CertificateRow> {
  return db.transaction(async (tx) => {
    const [old] = await visibleCertificatesByIds(tx, viewer, [id], true);
    if (!old) throw new NotFoundError('Certificate');
    const [org] = await selectOrganizations(tx, sql`${organizations.id} = ${old.organizationId}`);
    if (!canIssueFor(viewer, org)) throw new ForbiddenError('certificates.onlyStaffReissue');
    if (old.superseded) throw new ConflictError('certificates.alreadyReissued', 'SUPERSEDED');
    const fresh = await issue(tx, viewer, old.volunteerId, org, { from: old.periodFrom, to: old.periodTo });
    await markSuperseded(tx, old.id, fresh.id);
    return fresh;
  });
}

export async function listCertificates(db: DbOrTx, viewer: Viewer, q: { organizationId?: number; volunteerId?: number; first: number | null; after: string | null }): Promise<Page<CertificateRow>> {
  const limit = pageSize(q.first, 200);
  const after = decodeTimeCursor(q.after);
  const { rows, totalCount } = await listVisibleCertificates(db, viewer, { ...q, after: after && { issuedAt: after.startsAt, id: after.id }, limit });
  return toPage(rows, limit, totalCount, (row) => [row.issuedAt.toISOString(), row.id]);
}

/** A volunteer asks one of their organizations for a certificate of a period. */
export async function requestCertificate(db: Db, viewer: Viewer, input: { organizationId: number; period: { from?: string | null; to?: string | null } | null }): Promise<CertificateRequestRow> {
  const volunteerId = viewer.volunteerId;
  if (volunteerId == null) throw new ForbiddenError('certificates.onlyVolunteersAsk');
  const period = cleanPeriod(input.period, 'input.period');
  return db.transaction(async (tx) => {
    // One of their own organizations, and never a correction office (which a volunteer cannot see).
    const [affiliated] = await tx.execute(sql`select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
      where a.volunteer_id = ${volunteerId} and a.confirmed_at is not null and o.id = ${input.organizationId} and o.kind <> 'CORRECTION_OFFICE'`);
    if (!affiliated) throw new NotFoundError('Organization');
    await tx.execute(sql`select 1 from volunteers where id = ${volunteerId} for update`);
    if ((await pendingCertificateRequests(tx, volunteerId)) >= 10) throw new ConflictError({ key: 'certificates.tooManyPending', params: { max: 10 } }, 'TOO_MANY_PENDING');
    return insertCertificateRequest(tx, { volunteerId, organizationId: input.organizationId, periodFrom: period.from, periodTo: period.to });
  });
}

export async function declineCertificateRequest(db: Db, viewer: Viewer, input: { id: number; reason: string }): Promise<CertificateRequestRow> {
  const reason = cleanReason(input.reason);
  return db.transaction(async (tx) => {
    const [request] = await visibleCertificateRequests(tx, viewer, [input.id], true);
    if (!request) throw new NotFoundError('CertificateRequest');
    const [org] = await selectOrganizations(tx, sql`${organizations.id} = ${request.organizationId}`);
    if (!canIssueFor(viewer, org)) throw new ForbiddenError('certificates.onlyStaffDecide');
    if (request.status !== 'PENDING') throw new ConflictError({ key: 'requests.alreadyDecided', params: { status: request.status } }, 'DECIDED');
    return decideCertificateRequest(tx, request.id, { status: 'DECLINED', certificateId: null, decidedBy: viewer.accountId, note: reason });
  });
}

export async function listRequests(db: DbOrTx, viewer: Viewer, q: { organizationId: number | null; status: CertificateRequestStatus | null; first: number | null; after: string | null }): Promise<Page<CertificateRequestRow>> {
  const limit = pageSize(q.first, 200);
  const after = decodeTimeCursor(q.after);
  const { rows, totalCount } = await listCertificateRequests(db, viewer, { ...q, after: after && { at: after.startsAt, id: after.id }, limit });
  return toPage(rows, limit, totalCount, (row) => [row.createdAt.toISOString(), row.id]);
}
