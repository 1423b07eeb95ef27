import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignVolunteerDocument, CertificateRegisterExportDocument, CheckInDocument, CheckOutDocument, IssueCertificateDocument, RosterExportDocument,
  TallyDocument, TallyExportDocument, VolunteerTotalsExportDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, shanghaiTime, type Person } from '../../support/factories/shifts';
import { csvRows, download, xlsxRows } from '../../support/documents';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle;
let villageAdmin: GraphQLTestClient, chamberAdmin: GraphQLTestClient;
let post: string;
let villager: Person, participant: Person;
const DAY = '2022-04-15';

async function serve(by: GraphQLTestClient, grid: string, person: Person, from: string, to: string, duty: 'CHECKPOINT' | 'DISINFECTION' = 'CHECKPOINT') {
  const shift = await createShift(by, grid, { title: '三乡村卡口', duty, startsAt: shanghaiTime(DAY, from), endsAt: shanghaiTime(DAY, to), capacity: 5 });
  const { assignVolunteer } = await by.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  await by.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(DAY, from) });
  await by.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(DAY, to) });
}

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  const chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
  villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
  const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  post = (await createGrid(server.admin, village.id, '洋埭村第3网格', 'GRID')).id;
  const officePost = (await createGrid(officer, office.id, '公益劳动点', 'GRID')).id;
  villager = await registerPerson(server, village.id, '林秀英');
  participant = await registerPerson(server, office.id, '施永福');
  await serve(server.admin, post, villager, '08:00', '12:00');
  await serve(server.admin, post, participant, '13:00', '15:00');
  await serve(officer, officePost, participant, '16:00', '19:00', 'DISINFECTION');
});
afterAll(async () => { await server?.stop(); });

describe('exports', () => {
  it('gives the tally as CSV with a BOM and Chinese headers by default, equal to the tally query', async () => {
    const { tallyExport } = await villageAdmin.ok(TallyExportDocument, { input: { groupBy: 'DUTY' } });
    const file = await download(server.url, tallyExport.url);
    expect([file.status, file.type]).toEqual([200, 'text/csv; charset=utf-8']);
    const { tally } = await villageAdmin.ok(TallyDocument, { input: { groupBy: 'DUTY' } });
    expect(csvRows(file.body)).toEqual([
      ['分组', '名称', '时长（小时）', '人次', '人数'],
      ...tally.map((r) => [r.key, r.key === 'CHECKPOINT' ? '卡口值守' : r.label, String(r.hours), String(r.personTimes), String(r.volunteers)]),
    ]);
    // The participant's office post never reaches the village's file.
    expect(file.body.toString()).not.toContain('DISINFECTION');
    expect(tally).toEqual([{ key: 'CHECKPOINT', label: 'CHECKPOINT', hours: 6, personTimes: 2, volunteers: 2 }]);
  });

  it('gives per-volunteer totals as XLSX with English headers on request, mobiles masked', async () => {
    const { volunteerTotalsExport } = await villageAdmin.ok(VolunteerTotalsExportDocument, { input: {}, format: 'XLSX', language: 'EN' });
    const file = await download(server.url, volunteerTotalsExport.url);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await xlsxRows(file.body);
    expect(rows[0]).toEqual(['Volunteer id', 'Name', 'Mobile', 'Hours', 'Person-times']);
    expect(rows.slice(1)).toEqual([
      [villager.id, '林秀英', `${villager.mobile.slice(0, 3)}****${villager.mobile.slice(7)}`, 4, 1],
      [participant.id, '施永福', `${participant.mobile.slice(0, 3)}****${participant.mobile.slice(7)}`, 2, 1],
    ]);
  });

  it("gives a day's roster and the certificate register, in Chinese, as CSV and XLSX", async () => {
    const roster = await villageAdmin.ok(RosterExportDocument, { gridId: post, date: DAY, format: 'XLSX' });
    const rows = await xlsxRows((await download(server.url, roster.rosterExport.url)).body);
    expect(rows[0]).toEqual(['岗位', '服务项目', '网格', '开始', '结束', '姓名', '手机号', '状态', '签到', '签退', '时长（小时）']);
    expect(rows.slice(1).map((r) => [r[1], r[5], r[7], r[10]])).toEqual([['卡口值守', '林秀英', '已完成', 4], ['卡口值守', '施永福', '已完成', 2]]);
    const { issueCertificate } = await villageAdmin.ok(IssueCertificateDocument, { input: { volunteerId: villager.id, organizationId: village.id, period: { from: DAY, to: DAY } } });
    const register = await villageAdmin.ok(CertificateRegisterExportDocument, { organizationId: village.id });
    const lines = csvRows((await download(server.url, register.certificateRegisterExport.url)).body);
    expect(lines[0][0]).toBe('证书编号');
    expect(lines.slice(1).map((l) => [l[0], l[1], l[4], l[7]])).toEqual([[issueCertificate.number, '林秀英', '4', '否']]);
  });

  it("answers another tenant's staff NOT_FOUND for the village's grid, organization and register, as the queries do", async () => {
    expect(await chamberAdmin.codes(TallyExportDocument, { input: { groupBy: 'DAY', gridId: post } })).toEqual(['NOT_FOUND']);
    expect(await chamberAdmin.codes(RosterExportDocument, { gridId: post, date: DAY })).toEqual(['NOT_FOUND']);
    expect(await chamberAdmin.codes(CertificateRegisterExportDocument, { organizationId: village.id })).toEqual(['NOT_FOUND']);
    const { volunteerTotalsExport } = await chamberAdmin.ok(VolunteerTotalsExportDocument, { input: {} });
    expect(csvRows((await download(server.url, volunteerTotalsExport.url)).body)).toEqual([['志愿者编号', '姓名', '手机号', '时长（小时）', '人次']]);
  });
});
