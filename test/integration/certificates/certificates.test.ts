import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdjustHoursDocument, AssignVolunteerDocument, CertificateNodeDocument, CertificateRequestsDocument, CheckInDocument, CheckOutDocument,
  IssueCertificateDocument, OrganizationCertificatesDocument, RegisterVolunteersDocument, ReissueCertificateDocument,
  RequestCertificateDocument, VerifyCertificateDocument, VolunteerCertificatesDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, idNumber, mobileNumber, type OrgHandle } from '../../support/factories';
import { createGrid, dbId } from '../../support/factories/grids';
import { createShift, registerPerson, shanghaiTime, signInAs, type Person } from '../../support/factories/shifts';
import { download, pdfText } from '../../support/documents';
import { expectSameAnswer } from '../review/issue2-support';
import { toGlobalId } from '../../../server/platform/ids';
import { shanghaiDate } from '../../../server/platform/date-range';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle, village: OrgHandle, office: OrgHandle, chamber: OrgHandle;
let villageAdmin: GraphQLTestClient, townAdmin: GraphQLTestClient, chamberAdmin: GraphQLTestClient, officer: GraphQLTestClient;
let villager: Person & { idNumber: string }, participant: Person;
let villagerClient: GraphQLTestClient;
let firstDuty: string;
const APRIL = { from: '2022-04-01', to: '2022-04-30' };

async function serve(by: GraphQLTestClient, grid: string, person: Person, day: string, from: string, to: string, duty: 'CHECKPOINT' | 'DISINFECTION' = 'CHECKPOINT') {
  const shift = await createShift(by, grid, { duty, startsAt: shanghaiTime(day, from), endsAt: shanghaiTime(day, to), capacity: 5 });
  const { assignVolunteer } = await by.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  await by.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(day, from) });
  await by.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(day, to) });
  return assignVolunteer.id;
}

const issue = (by: GraphQLTestClient, person: Person, org: OrgHandle, period = APRIL) =>
  by.ok(IssueCertificateDocument, { input: { volunteerId: person.id, organizationId: org.id, period } }).then((r) => r.issueCertificate);

beforeAll(async () => {
  server = await startTestServer();
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会', town.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  townAdmin = await createStaff(server, 'ORG_ADMIN', town.id);
  chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  const post = (await createGrid(server.admin, village.id, '洋埭村第3网格', 'GRID')).id;
  const officePost = (await createGrid(officer, office.id, '公益劳动点', 'GRID')).id;
  const id = idNumber('19800101');
  const mobile = mobileNumber();
  const { registerVolunteers } = await server.admin.ok(RegisterVolunteersDocument, { organizationId: village.id, volunteers: [{ name: '林秀英', mobile, idNumber: id }] });
  villager = { id: registerVolunteers.results[0].volunteer!.id, dbId: dbId(registerVolunteers.results[0].volunteer!.id), name: '林秀英', mobile, idNumber: id };
  participant = await registerPerson(server, office.id, '施永福');
  firstDuty = await serve(server.admin, post, villager, '2022-04-10', '08:00', '12:00');
  await serve(server.admin, post, villager, '2022-04-11', '20:00', '23:30');
  await serve(server.admin, post, participant, '2022-04-12', '08:00', '10:00');
  await serve(officer, officePost, participant, '2022-04-13', '08:00', '11:00', 'DISINFECTION');
  villagerClient = await signInAs(server, villager);
});
afterAll(async () => { await server?.stop(); });

describe('issuing a certificate', () => {
  it('snapshots name, masked ID number, organization, period, totals and every service line, with a number and a code', async () => {
    const certificate = await issue(villageAdmin, villager, village);
    expect(certificate.number).toBe(`${dbId(village.id)}-${new Date().getUTCFullYear()}-000001`);
    expect(certificate.verificationCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(certificate.content).toEqual({
      volunteerName: '林秀英', idNumber: `${villager.idNumber.slice(0, 4)}**********${villager.idNumber.slice(-4)}`, organizationName: '洋埭村委会',
      hours: 7.5, personTimes: 2,
      items: [
        { kind: 'SERVICE', date: '2022-04-10', duty: 'CHECKPOINT', place: '洋埭村第3网格', hours: 4 },
        { kind: 'SERVICE', date: '2022-04-11', duty: 'CHECKPOINT', place: '洋埭村第3网格', hours: 3.5 },
      ],
    });
    const [stored] = await server.sql`select content::text as content, content_hash from certificates where number = ${certificate.number}`;
    expect(certificate.contentHash).toBe(createHash('sha256').update(stored.content).digest('hex'));
  });

  it('numbers per organization, without gaps or repeats under concurrent issuing', async () => {
    const numbers = await Promise.all([1, 2, 3, 4].map(() => issue(villageAdmin, villager, village, { from: '2022-04-10', to: '2022-04-10' }).then((c) => c.number)));
    const year = new Date().getUTCFullYear();
    expect(numbers.sort()).toEqual([2, 3, 4, 5].map((n) => `${dbId(village.id)}-${year}-${String(n).padStart(6, '0')}`));
    const fromTown = await issue(townAdmin, villager, town);
    expect(fromTown.number).toBe(`${dbId(town.id)}-${year}-000001`);
  });

  it('keeps an issued certificate unchanged after a later correction; reissuing gives a new number and supersedes the old', async () => {
    const old = await issue(villageAdmin, villager, village, { from: '2022-04-10', to: '2022-04-11' });
    await villageAdmin.ok(AdjustHoursDocument, { volunteerId: villager.id, hours: 0.5, reason: '交接延时', assignmentId: firstDuty });
    const again = (await villageAdmin.ok(CertificateNodeDocument, { id: old.id })).node;
    expect(again).toMatchObject({ content: old.content, contentHash: old.contentHash, superseded: false });
    await expect(server.sql`update certificates set content = '{}'::jsonb where number = ${old.number}`).rejects.toThrow(/cannot change/);
    await expect(server.sql`delete from certificates where number = ${old.number}`).rejects.toThrow(/cannot change/);
    const { reissueCertificate: fresh } = await villageAdmin.ok(ReissueCertificateDocument, { id: old.id });
    expect(fresh.number).not.toBe(old.number);
    expect(fresh.content).toMatchObject({ hours: 8, personTimes: 2 });
    expect(fresh.content.items).toContainEqual({ kind: 'ADJUSTMENT', date: '2022-04-10', duty: 'CHECKPOINT', place: '洋埭村第3网格', hours: 0.5 });
    expect((await villageAdmin.ok(CertificateNodeDocument, { id: old.id })).node).toMatchObject({ superseded: true, supersededBy: { number: fresh.number } });
    expect((await villageAdmin.request(ReissueCertificateDocument, { id: old.id })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SUPERSEDED' });
    const verified = await server.anonymous.ok(VerifyCertificateDocument, { number: old.number, code: old.verificationCode });
    expect(verified.verifyCertificate).toMatchObject({ valid: true, superseded: true, totalHours: 7.5 });
  });
});

describe('the printed certificate', () => {
  it('serves a PDF whose text carries the volunteer\'s Chinese name, and an escaped HTML page, through signed links', async () => {
    const certificate = await issue(villageAdmin, villager, village);
    const pdf = await download(server.url, certificate.pdfUrl);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    const text = await pdfText(new Uint8Array(pdf.body));
    expect(text).toContain('林秀英');
    expect(text.replace(/\s/g, '')).toContain('志愿服务记录证明');
    expect(text).toContain(certificate.number);
    const html = await download(server.url, certificate.htmlUrl);
    expect(html.type).toBe('text/html; charset=utf-8');
    expect(html.body.toString()).toContain('<td>林秀英</td>');
    // The volunteer's own link works for them; a forged or foreign token does not.
    const own = (await villagerClient.ok(CertificateNodeDocument, { id: certificate.id })).node;
    expect((await download(server.url, own && 'htmlUrl' in own ? own.htmlUrl : '')).status).toBe(200);
    const [, , token] = certificate.pdfUrl.split('/');
    expect((await download(server.url, `/downloads/${token.slice(0, -2)}xx/a.pdf`)).status).toBe(401);
    expect((await download(server.url, `/downloads/${await (await server.anonymous.login('13900000000', 'admin-password-1')).token}/a.pdf`)).status).toBe(401);
  });
});

describe('who sees and issues certificates', () => {
  it('keeps a village certificate from another tenant, shows it to the volunteer, and lists it for the organization', async () => {
    const certificate = await issue(villageAdmin, villager, village);
    await expectSameAnswer(chamberAdmin, CertificateNodeDocument, { id: certificate.id }, { id: toGlobalId('Certificate', 999_999) });
    const mine = (await villagerClient.ok(VolunteerCertificatesDocument, { id: villager.id })).node;
    expect(mine && 'certificates' in mine ? mine.certificates.edges.map((e) => e.node.id) : []).toContain(certificate.id);
    const listed = (await villageAdmin.ok(OrganizationCertificatesDocument, { id: village.id, first: 100 })).node;
    expect(listed && 'certificates' in listed ? listed.certificates.edges.map((e) => e.node.id) : []).toContain(certificate.id);
    expect(await chamberAdmin.codes(IssueCertificateDocument, { input: { volunteerId: villager.id, organizationId: village.id, period: APRIL } })).toEqual(['NOT_FOUND']);
  });

  it("never prints a participant's correction service: the town's certificate has only the village post, the office issues none", async () => {
    const certificate = await issue(townAdmin, participant, town);
    expect(certificate.content.items.map((i) => [i.place, i.hours])).toEqual([['洋埭村第3网格', 2]]);
    const [{ n }] = await server.sql`select count(*)::int as n from certificates where content::text like '%公益劳动点%'`;
    expect(n).toBe(0);
    expect(await officer.codes(IssueCertificateDocument, { input: { volunteerId: participant.id, organizationId: office.id, period: APRIL } })).toEqual(['FORBIDDEN']);
  });

  it('lets a volunteer ask one of their organizations, and staff issue for the request', async () => {
    const { requestCertificate } = await villagerClient.ok(RequestCertificateDocument, { organizationId: village.id, period: APRIL });
    const pending = await villageAdmin.ok(CertificateRequestsDocument, { organizationId: village.id });
    expect(pending.certificateRequests.edges.map((e) => e.node.id)).toEqual([requestCertificate.id]);
    expect((await chamberAdmin.ok(CertificateRequestsDocument, {})).certificateRequests.totalCount).toBe(0);
    const { issueCertificate } = await villageAdmin.ok(IssueCertificateDocument, { input: { requestId: requestCertificate.id } });
    const done = await villagerClient.ok(CertificateRequestsDocument, { status: 'ISSUED' });
    expect(done.certificateRequests.edges[0].node).toMatchObject({ status: 'ISSUED', certificate: { number: issueCertificate.number } });
    expect(await villagerClient.codes(RequestCertificateDocument, { organizationId: office.id, period: APRIL })).toEqual(['NOT_FOUND']);
  });
});

describe('verifyCertificate', () => {
  it('answers anyone with only validity, issue date, organization, masked name, total hours and superseded; a wrong code reads like an unknown number', async () => {
    const certificate = await issue(villageAdmin, villager, village);
    const { verifyCertificate } = await server.anonymous.ok(VerifyCertificateDocument, { number: certificate.number, code: certificate.verificationCode.toLowerCase() });
    expect(verifyCertificate).toEqual({ valid: true, issuedOn: shanghaiDate(new Date(certificate.issuedAt)), issuingOrganization: '洋埭村委会', maskedName: '林*英', totalHours: 8, superseded: false });
    const wrong = await server.anonymous.request(VerifyCertificateDocument, { number: certificate.number, code: 'AAAAAAAA' });
    const unknown = await server.anonymous.request(VerifyCertificateDocument, { number: '9-2022-999999', code: 'AAAAAAAA' });
    expect(wrong).toEqual(unknown);
    expect(wrong.data?.verifyCertificate).toEqual({ valid: false, issuedOn: null, issuingOrganization: null, maskedName: null, totalHours: null, superseded: null });
  });

  it('is rate-limited per client address', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) codes.push(...(await server.anonymous.codes(VerifyCertificateDocument, { number: 'x', code: 'y' })));
    expect(codes).toContain('CONFLICT');
  });
});
