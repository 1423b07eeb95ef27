import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdjustHoursDocument, AssignVolunteerDocument, CheckInDocument, CheckOutDocument, GridDocument, ShiftListDocument, GridVolunteerDocument,
  TallyDocument, VolunteerHoursDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

/*
 * A participant (registered by 新塘司法所) and an ordinary control (registered by 安海商会) serve the
 * same village post, then each serves a post of their own organization; the officer credits the
 * participant's correction record. To the village's and the town's staff the two must read alike:
 * no office post named in a tally, no correction credit in a total, the office's posts unseen.
 */
let server: TestServer;
let officer: GraphQLTestClient, officeAdmin: GraphQLTestClient;
let viewers: Record<string, GraphQLTestClient>;
let villagePost: string, officePost: string, officeShift: string;
let participant: Person, control: Person;

const day = (daysAgo: number, hour: number) => new Date(Date.now() - daysAgo * 86_400_000 + hour * 3600_000).toISOString();

/** Seats a person on a past shift and checks them in and out over its whole length. */
async function serve(by: GraphQLTestClient, shiftId: string, person: Person, from: string, to: string): Promise<void> {
  const { assignVolunteer } = await by.ok(AssignVolunteerDocument, { shiftId, volunteerId: person.id });
  await by.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: from });
  await by.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: to });
}

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  const village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  const chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  officeAdmin = await createStaff(server, 'ORG_ADMIN', office.id);
  viewers = {
    villageCoordinator: await createStaff(server, 'COORDINATOR', village.id),
    townAdmin: await createStaff(server, 'ORG_ADMIN', town.id),
  };
  villagePost = (await createGrid(server.admin, village.id, '洋埭村第3网格', 'GRID')).id;
  officePost = (await createGrid(officer, office.id, '新塘司法所公益劳动点', 'GRID')).id;
  const chamberPost = (await createGrid(server.admin, chamber.id, '安海商会服务点', 'GRID')).id;
  participant = await registerPerson(server, office.id, '施永福');
  control = await registerPerson(server, chamber.id, '陈美玲');
  const checkpoint = await createShift(server.admin, villagePost, { startsAt: day(2, 0), endsAt: day(2, 4), capacity: 5 });
  await serve(server.admin, checkpoint.id, participant, day(2, 0), day(2, 4));
  await serve(server.admin, checkpoint.id, control, day(2, 0), day(2, 4));
  officeShift = (await createShift(officer, officePost, { duty: 'DISINFECTION', startsAt: day(1, 0), endsAt: day(1, 3) })).id;
  await serve(officer, officeShift, participant, day(1, 0), day(1, 3));
  const chamberShift = await createShift(server.admin, chamberPost, { duty: 'DISINFECTION', startsAt: day(1, 0), endsAt: day(1, 3) });
  await serve(server.admin, chamberShift.id, control, day(1, 0), day(1, 3));
  await officer.ok(AdjustHoursDocument, { volunteerId: participant.id, hours: 2, reason: '社区矫正公益劳动补录' });
});
afterAll(async () => { await server?.stop(); });

describe('a participant\'s hours and posts, to staff outside the correction office', () => {
  for (const who of ['villageCoordinator', 'townAdmin']) {
    it(`names only grids the viewer may open when tallying by grid (${who})`, async () => {
      const { tally } = await viewers[who].ok(TallyDocument, { input: { groupBy: 'GRID' } });
      expect(tally.map((row) => [row.key, row.label, row.hours, row.personTimes, row.volunteers])).toEqual([[villagePost, '洋埭村第3网格', 8, 2, 2]]);
    });

    it(`counts the participant exactly like the control, without the correction credit (${who})`, async () => {
      const { tally } = await viewers[who].ok(TallyDocument, { input: { groupBy: 'VOLUNTEER' } });
      const row = (person: Person) => tally.find((r) => r.key === person.id);
      // Only the village post counts: neither the office's post nor the chamber's opens to them (issue 6).
      expect(row(participant)).toMatchObject({ hours: 4, personTimes: 1, volunteers: 1 });
      expect(row(control)).toMatchObject({ hours: 4, personTimes: 1, volunteers: 1 });
      const hours = async (person: Person) => {
        const { node } = await viewers[who].ok(VolunteerHoursDocument, { id: person.id });
        return node && 'hours' in node ? node.hours : null;
      };
      expect(await hours(participant)).toEqual(await hours(control));
    });
  }

  it('shows the participant and the control alike under every grouping and filter, totals being the village post alone', async () => {
    for (const viewer of Object.values(viewers)) {
      for (const filter of [{}, { gridId: villagePost }]) {
        for (const groupBy of ['DAY', 'DUTY', 'GRID'] as const) {
          const { tally } = await viewer.ok(TallyDocument, { input: { groupBy, ...filter } });
          expect(tally.reduce((sum, r) => [sum[0] + r.hours, sum[1] + r.personTimes], [0, 0])).toEqual([8, 2]);
        }
        const { tally } = await viewer.ok(TallyDocument, { input: { groupBy: 'VOLUNTEER', ...filter } });
        const pick = (person: Person) => tally.filter((r) => r.key === person.id).map(({ hours, personTimes, volunteers }) => ({ hours, personTimes, volunteers }));
        expect(pick(participant)).toEqual(pick(control));
      }
    }
  });

  it("keeps the office's own post and its shifts from the town and from the office's ORG_ADMIN", async () => {
    for (const viewer of [viewers.townAdmin, officeAdmin]) {
      expect(await viewer.codes(GridDocument, { id: officePost })).toEqual(['NOT_FOUND']);
      expect(await viewer.codes(ShiftListDocument, { filter: { gridId: officePost } })).toEqual(['NOT_FOUND']);
      const { shifts } = await viewer.ok(ShiftListDocument, { filter: {} });
      expect(shifts.edges.map((e) => e.node.id)).not.toContain(officeShift);
    }
    // The office's ORG_ADMIN knows the participant from nowhere else.
    expect(await officeAdmin.codes(GridVolunteerDocument, { id: participant.id })).toEqual(['NOT_FOUND']);
  });

  it('shows the officer the post, the shift and the whole record', async () => {
    expect((await officer.ok(GridDocument, { id: officePost })).node).toMatchObject({ id: officePost });
    const { node } = await officer.ok(VolunteerHoursDocument, { id: participant.id });
    expect(node && 'hours' in node ? node.hours : null).toEqual({ hours: 9, personTimes: 2, volunteers: 1 });
  });
});
