import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdjustHoursDocument, AdjustHoursForDocument, AssignVolunteerDocument, CheckInDocument, CheckOutDocument, TallyDocument,
  VolunteerHoursDocument, VolunteerServiceParityDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, shanghaiTime, signInAs, type Person } from '../../support/factories/shifts';
import { expectSameAnswer } from '../review/issue2-support';
import { toGlobalId } from '../../../server/platform/ids';
import type { GraphQLTestClient } from '../../support/client';

/*
 * 洋埭村 runs a checkpoint; 新塘司法所 runs its own post (公益劳动点). A participant registered only by
 * the office serves both; an ordinary villager serves the checkpoint. The village must count exactly
 * what it can open, and only those who look after a person may adjust their hours.
 */
let server: TestServer;
let village: OrgHandle;
let coordinator: GraphQLTestClient, officer: GraphQLTestClient;
let checkpoint: string, officePost: string;
let participant: Person, villager: Person;
let participantOnCheckpoint: string, participantOnOfficePost: string, villagerOnCheckpoint: string;
const DAY = '2022-04-10';
const NEXT = '2022-04-11';

/** Seats, checks in and checks out with backfilled times; returns the assignment id and its hours. */
async function serve(by: GraphQLTestClient, shiftId: string, person: Person, checkIn: string, checkOut: string) {
  const { assignVolunteer } = await by.ok(AssignVolunteerDocument, { shiftId, volunteerId: person.id });
  await by.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: checkIn });
  const { checkOut: done } = await by.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: checkOut });
  return { id: assignVolunteer.id, hours: done.hours };
}

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  checkpoint = (await createGrid(server.admin, village.id, '洋埭村卡口', 'GRID')).id;
  officePost = (await createGrid(officer, office.id, '公益劳动点', 'GRID')).id;
  participant = await registerPerson(server, office.id, '施永福');
  villager = await registerPerson(server, village.id, '林秀英');
  const night = await createShift(server.admin, checkpoint, { startsAt: shanghaiTime(DAY, '22:00'), endsAt: shanghaiTime(NEXT, '02:00'), capacity: 5 });
  // The participant is seated by the platform admin: the village sees them only on its roster.
  participantOnCheckpoint = (await serve(server.admin, night.id, participant, shanghaiTime(DAY, '22:00'), shanghaiTime(NEXT, '00:00'))).id;
  villagerOnCheckpoint = (await serve(coordinator, night.id, villager, shanghaiTime(DAY, '21:40'), shanghaiTime(NEXT, '02:45'))).id;
  const labour = await createShift(officer, officePost, { duty: 'DISINFECTION', startsAt: shanghaiTime(NEXT, '08:00'), endsAt: shanghaiTime(NEXT, '12:00') });
  participantOnOfficePost = (await serve(officer, labour.id, participant, shanghaiTime(NEXT, '08:00'), shanghaiTime(NEXT, '12:00'))).id;
});
afterAll(async () => { await server?.stop(); });

describe('credited minutes', () => {
  it('credits check-in to check-out clipped to the shift widened by 30 minutes, across midnight, on the start day', async () => {
    const shift = await createShift(server.admin, checkpoint, { startsAt: shanghaiTime('2022-05-01', '22:00'), endsAt: shanghaiTime('2022-05-02', '02:00'), capacity: 5 });
    const early = await registerPerson(server, village.id, '黄建国');
    const late = await registerPerson(server, village.id, '陈美玲');
    const exact = await registerPerson(server, village.id, '蔡明辉');
    // 50 min early counts from 21:30; 45 min late counts to 02:30.
    expect((await serve(coordinator, shift.id, early, shanghaiTime('2022-05-01', '21:10'), shanghaiTime('2022-05-02', '01:00'))).hours).toBe(3.5);
    expect((await serve(coordinator, shift.id, late, shanghaiTime('2022-05-01', '22:20'), shanghaiTime('2022-05-02', '02:45'))).hours).toBe(4.17);
    expect((await serve(coordinator, shift.id, exact, shanghaiTime('2022-05-01', '22:00'), shanghaiTime('2022-05-02', '01:59'))).hours).toBe(3.98);
    const [{ minutes }] = await server.sql`select sum(credited_minutes)::int as minutes from assignments where shift_id = (
      select id from shifts where starts_at = ${shanghaiTime('2022-05-01', '22:00')}::timestamptz)`;
    expect(minutes).toBe(210 + 250 + 239);
    // Summed in minutes (699 = 11.65 h), not as the rounded hours of each (3.5 + 4.17 + 3.98 = 11.65 here, 2 decimals each).
    const { tally } = await coordinator.ok(TallyDocument, { input: { groupBy: 'DAY', range: { from: '2022-05-01', to: '2022-05-02' } } });
    expect(tally).toEqual([{ key: '2022-05-01', label: '2022-05-01', hours: 11.65, personTimes: 3, volunteers: 3 }]);
  });

  it('sums minutes before rounding: three 20-minute services are exactly 1 hour', async () => {
    const person = await registerPerson(server, village.id, '王丽华');
    for (const hour of ['08', '10', '12']) {
      const shift = await createShift(server.admin, checkpoint, { startsAt: shanghaiTime('2022-06-01', `${hour}:00`), endsAt: shanghaiTime('2022-06-01', `${hour}:20`) });
      await serve(coordinator, shift.id, person, shanghaiTime('2022-06-01', `${hour}:00`), shanghaiTime('2022-06-01', `${hour}:20`));
    }
    const { node } = await coordinator.ok(VolunteerHoursDocument, { id: person.id });
    expect(node).toMatchObject({ hours: { hours: 1, personTimes: 3 } });
  });
});

describe('totals equal what the viewer may open (issue 6)', () => {
  it("gives the village the participant's checkpoint service only, the sum of the assignments it can open", async () => {
    const parity = await coordinator.ok(VolunteerServiceParityDocument, { id: participant.id });
    const node = parity.node!;
    if (node.__typename !== 'Volunteer') throw new Error('expected the participant');
    const opened = node.assignments.edges.map((e) => e.node);
    expect(opened.map((a) => a.id)).toEqual([participantOnCheckpoint]);
    expect(node.hours).toEqual({ hours: opened.reduce((sum, a) => sum + (a.hours ?? 0), 0), personTimes: opened.length, volunteers: 1 });
    expect(node.hours).toEqual({ hours: 2, personTimes: 1, volunteers: 1 });
    for (const groupBy of ['VOLUNTEER', 'DAY', 'DUTY'] as const) {
      const { tally } = await coordinator.ok(TallyDocument, { input: { groupBy, range: { from: DAY, to: NEXT } } });
      expect(tally.reduce((sum, r) => sum + r.personTimes, 0)).toBe(2);
      expect(Math.round(tally.reduce((sum, r) => sum + r.hours, 0) * 100) / 100).toBe(2 + 4.83);
      expect(tally.map((r) => r.key)).not.toContain('DISINFECTION');
    }
  });

  it('gives the officer the whole record of the participant, on every post', async () => {
    const { node } = await officer.ok(VolunteerHoursDocument, { id: participant.id });
    expect(node).toMatchObject({ hours: { hours: 6, personTimes: 2, volunteers: 1 } });
  });
});

describe('adjustHours (issue 6)', () => {
  it("answers NOT_FOUND for an assignment the caller cannot open, exactly as for one that does not exist, and writes nothing", async () => {
    const [{ n: before }] = await server.sql`select count(*)::int as n from hour_adjustments`;
    // The village manages its villager; the office post's assignment is the participant's, but even
    // a real assignment of a person they manage must be one they can open.
    await expectSameAnswer(coordinator, AdjustHoursDocument,
      { volunteerId: participant.id, hours: 1, reason: '补录', assignmentId: participantOnOfficePost },
      { volunteerId: participant.id, hours: 1, reason: '补录', assignmentId: toGlobalId('Assignment', 999_999) });
    const [{ n: after }] = await server.sql`select count(*)::int as n from hour_adjustments`;
    expect(after).toBe(before);
  });

  it('refuses a coordinator who sees the person only on a roster (FORBIDDEN), while the office may adjust', async () => {
    const result = await coordinator.request(AdjustHoursDocument, { volunteerId: participant.id, hours: 1, reason: '补录', assignmentId: participantOnCheckpoint });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const { adjustHours } = await officer.ok(AdjustHoursDocument, { volunteerId: participant.id, hours: 1, reason: '公益劳动补录', assignmentId: participantOnOfficePost });
    expect(adjustHours.hours).toBe(1);
    // The office's correction never reaches the village's totals.
    const { node } = await coordinator.ok(VolunteerHoursDocument, { id: participant.id });
    expect(node).toMatchObject({ hours: { hours: 2, personTimes: 1 } });
  });

  it('lets the village adjust the villager it registered, tied to its own checkpoint, recorded for the village', async () => {
    const { adjustHours } = await coordinator.ok(AdjustHoursForDocument, { volunteerId: villager.id, hours: -0.33, reason: '提前离岗', assignmentId: villagerOnCheckpoint });
    expect(adjustHours.assignment?.id).toBe(villagerOnCheckpoint);
    const [row] = await server.sql`select o.name from hour_adjustments h join organizations o on o.id = h.organization_id where h.reason = '提前离岗'`;
    expect(row.name).toBe('洋埭村委会');
    const { node } = await coordinator.ok(VolunteerHoursDocument, { id: villager.id });
    expect(node).toMatchObject({ hours: { hours: 4.5, personTimes: 1 } });
  });

  it('refuses a staff member adjusting their own hours', async () => {
    const own = await signInAs(server, villager);
    const codes = await own.codes(AdjustHoursDocument, { volunteerId: villager.id, hours: 1, reason: 'x' });
    expect(codes).toEqual(['FORBIDDEN']);
  });
});
