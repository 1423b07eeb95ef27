import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdjustHoursDocument, AssignVolunteerDocument, CheckInDocument, CheckOutDocument, CorrectionServiceReportDocument, VolunteerServiceItemsDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, shanghaiTime, type Person } from '../../support/factories/shifts';
import { csvRows, download, pdfText } from '../../support/documents';
import { expectSameAnswer } from '../review/issue2-support';
import { toGlobalId } from '../../../server/platform/ids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let office: OrgHandle, otherOffice: OrgHandle;
let officer: (GraphQLTestClient & { mobile: string }), otherOfficer: GraphQLTestClient, coordinator: GraphQLTestClient, townAdmin: GraphQLTestClient;
let participant: Person, villager: Person;

async function serve(by: GraphQLTestClient, grid: string, person: Person, day: string, from: string, to: string, duty: 'CHECKPOINT' | 'DISINFECTION') {
  const shift = await createShift(by, grid, { duty, startsAt: shanghaiTime(day, from), endsAt: shanghaiTime(day, to), capacity: 5 });
  const { assignVolunteer } = await by.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  await by.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(day, from) });
  await by.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: shanghaiTime(day, to) });
}

const report = (client: GraphQLTestClient, volunteer: Person, of = office) =>
  client.request(CorrectionServiceReportDocument, { officeId: of.id, volunteerId: volunteer.id, month: '2022-04' });

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会', town.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  otherOffice = await createOrg(server, 'CORRECTION_OFFICE', '灵源司法所', town.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  otherOfficer = await createStaff(server, 'CORRECTION_OFFICER', otherOffice.id);
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  townAdmin = await createStaff(server, 'ORG_ADMIN', town.id);
  const checkpoint = (await createGrid(server.admin, village.id, '洋埭村卡口', 'GRID')).id;
  const labour = (await createGrid(officer, office.id, '公益劳动点', 'GRID')).id;
  participant = await registerPerson(server, office.id, '施永福');
  villager = await registerPerson(server, village.id, '林秀英');
  await serve(server.admin, checkpoint, participant, '2022-04-08', '20:00', '23:00', 'CHECKPOINT');
  await serve(officer, labour, participant, '2022-04-09', '08:00', '12:00', 'DISINFECTION');
  await serve(server.admin, checkpoint, participant, '2022-05-02', '08:00', '10:00', 'CHECKPOINT');
  await serve(server.admin, checkpoint, villager, '2022-04-08', '20:00', '23:00', 'CHECKPOINT');
  await officer.ok(AdjustHoursDocument, { volunteerId: participant.id, hours: 1, reason: '公益劳动补录' });
  // The office's own correction is dated today: move it into April for the report.
  await server.sql`alter table hour_adjustments disable trigger hour_adjustments_append_only`;
  await server.sql`update hour_adjustments set created_at = '2022-04-20T02:00:00Z'`;
  await server.sql`alter table hour_adjustments enable trigger hour_adjustments_append_only`;
  await server.sql`update hour_rollup set day = '2022-04-20' where adjusted and grid_id is null`;
});
afterAll(async () => { await server?.stop(); });

describe("the correction office's monthly report", () => {
  it('lists every service line of the month, wherever it took place, with the totals', async () => {
    const { data } = await report(officer, participant);
    expect(data?.correctionServiceReport).toMatchObject({
      month: '2022-04', hours: 8, personTimes: 2, office: { name: '新塘司法所' }, volunteer: { name: '施永福' },
      items: [
        { kind: 'SERVICE', date: '2022-04-08', duty: 'CHECKPOINT', place: '洋埭村卡口', hours: 3, note: null },
        { kind: 'SERVICE', date: '2022-04-09', duty: 'DISINFECTION', place: '公益劳动点', hours: 4, note: null },
        { kind: 'ADJUSTMENT', date: '2022-04-20', duty: null, place: null, hours: 1, note: '公益劳动补录' },
      ],
    });
  });

  it('comes as a PDF with the name in Chinese, and as CSV lines', async () => {
    const { data } = await report(officer, participant);
    const pdf = await download(server.url, data!.correctionServiceReport.pdfUrl);
    expect(await pdfText(new Uint8Array(pdf.body))).toContain('施永福');
    const csv = csvRows((await download(server.url, data!.correctionServiceReport.exportUrl)).body);
    expect(csv.map((row) => row[2])).toEqual(['服务地点', '洋埭村卡口', '公益劳动点', '']);
  });

  it('is NOT_FOUND for everyone but the office: the village, the town above the office, another office, and for a non-participant', async () => {
    const missing = { officeId: toGlobalId('Organization', 999_999), volunteerId: participant.id, month: '2022-04' };
    for (const viewer of [coordinator, townAdmin, otherOfficer]) {
      await expectSameAnswer(viewer, CorrectionServiceReportDocument, { officeId: office.id, volunteerId: participant.id, month: '2022-04' }, missing);
    }
    await expectSameAnswer(officer, CorrectionServiceReportDocument,
      { officeId: office.id, volunteerId: villager.id, month: '2022-04' }, { officeId: office.id, volunteerId: toGlobalId('Volunteer', 999_999), month: '2022-04' });
  });

  it("stops a signed link once the officer's grant is gone", async () => {
    const { data } = await report(officer, participant);
    await server.sql`delete from role_grants where account_id = (select id from accounts where mobile = ${officer.mobile})`;
    expect((await download(server.url, data!.correctionServiceReport.htmlUrl)).status).toBe(404);
    await server.sql`insert into role_grants (account_id, role, organization_id) select a.id, 'CORRECTION_OFFICER', o.id from accounts a, organizations o where a.mobile = ${officer.mobile} and o.name = '新塘司法所'`;
  });
});

describe("a participant's service lines", () => {
  it('shows the village only its own post, and the office every line', async () => {
    const april = { from: '2022-04-01', to: '2022-04-30' };
    const village = (await coordinator.ok(VolunteerServiceItemsDocument, { id: participant.id, range: april })).node;
    expect(village && 'serviceItems' in village ? village.serviceItems.map((i) => i.place) : null).toEqual(['洋埭村卡口']);
    const mine = (await officer.ok(VolunteerServiceItemsDocument, { id: participant.id, range: april })).node;
    expect(mine && 'serviceItems' in mine ? mine.serviceItems.map((i) => i.place) : null).toEqual(['洋埭村卡口', '公益劳动点', null]);
  });
});
