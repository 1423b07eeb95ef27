import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, CreateGridDocument, CreateTeamDocument, MarkNoShowDocument, ShiftsRosterDocument, SignUpForShiftDocument,
  VolunteerAssignmentsDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import {
  assignmentAs, createPlace, createShift, createVolunteer, createVolunteers, dbId, hoursFromNow, insertShifts, rosterOf, seatDirectly,
  type Place,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;

beforeAll(async () => {
  server = await startTestServer({ countQueries: true });
  place = await createPlace(server);
  coordinator = await createStaff(server, 'COORDINATOR', place.org.id);
});
afterAll(async () => { await server?.stop(); });

/** Statements the request sent; the driver's one-time type discovery on a fresh pooled connection does not count. */
async function statementsFor(run: () => Promise<unknown>): Promise<number> {
  server.queries.length = 0;
  await run();
  return server.queries.filter((q) => !q.includes('pg_catalog.pg_type')).length;
}

describe('roster reads without N+1', () => {
  it('answers shifts → roster → volunteer → teams in the same number of statements for 1 shift and for 200', async () => {
    const { createGrid: small } = await server.admin.ok(CreateGridDocument, { name: 'Grid small', level: 'GRID', organizationId: place.org.id });
    const { createGrid: large } = await server.admin.ok(CreateGridDocument, { name: 'Grid large', level: 'GRID', organizationId: place.org.id });
    const people = await createVolunteers(server, 100, { organizationId: place.orgId });
    const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: place.org.id, name: 'Grid service squad', kind: 'GRID_SERVICE' });
    await server.sql`insert into team_memberships (team_id, volunteer_id) select ${dbId(createTeam.id)}, id from volunteers where id = any(${people.map((p) => p.dbId)})`;
    const start = hoursFromNow(1000);
    // Back-to-back 4-hour shifts: the same volunteers can hold seats on many of them; 10 seated and 2 waiting on each.
    const one = await insertShifts(server, small.id, 1, { capacity: 10, startsAt: new Date(start.getTime() - 8 * 3600_000) });
    const many = await insertShifts(server, large.id, 200, { capacity: 10, startsAt: start, spacingHours: 4 });
    await seatDirectly(server, one, people, 10, 2);
    await seatDirectly(server, many, people, 10, 2);

    const query = (gridId: string) => coordinator.ok(ShiftsRosterDocument, { filter: { gridId }, first: 200 });
    let smallResult: Awaited<ReturnType<typeof query>> | undefined;
    let largeResult: Awaited<ReturnType<typeof query>> | undefined;
    const smallCount = await statementsFor(async () => { smallResult = await query(small.id); });
    const largeCount = await statementsFor(async () => { largeResult = await query(large.id); });
    expect(smallResult!.shifts.edges.flatMap((e) => e.node.roster)).toHaveLength(12);
    expect(largeResult!.shifts.edges).toHaveLength(200);
    expect(largeResult!.shifts.edges.flatMap((e) => e.node.roster)).toHaveLength(2400);
    expect(largeResult!.shifts.edges.map((e) => e.node.roster.map((a) => a.waitlistPosition).join())).toEqual(Array(200).fill(',,,,,,,,,,1,2'));
    expect(largeResult!.shifts.edges[0].node.roster[0].volunteer.teams.map((m) => m.team.name)).toEqual(['Grid service squad']);
    expect(largeCount).toBe(smallCount);
  });
});

describe('Shift.roster', () => {
  it('lists seats in the order taken, then no-shows, then the waitlist in order', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2, startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3) });
    const people = await createVolunteers(server, 4, { organizationId: place.orgId });
    const ids: string[] = [];
    for (const person of people) ids.push((await person.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.id);
    await coordinator.ok(MarkNoShowDocument, { assignmentId: ids[0] });
    const roster = await rosterOf(coordinator, shift.id);
    expect(roster.roster.map((a) => [a.id, a.status, a.waitlistPosition])).toEqual([
      [ids[1], 'ASSIGNED', null], [ids[2], 'ASSIGNED', null], [ids[0], 'NO_SHOW', null], [ids[3], 'WAITLISTED', 1],
    ]);
    expect(roster).toMatchObject({ filled: 2, waitlisted: 1 });
  });

  it('shows a volunteer only themself on a roster, while filled and waitlisted count everyone', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [a, b] = await createVolunteers(server, 2, { organizationId: place.orgId });
    await a.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const { signUpForShift } = await b.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const seenByB = await rosterOf(b.client, shift.id);
    expect(seenByB.roster.map((r) => [r.id, r.waitlistPosition])).toEqual([[signUpForShift.id, 1]]);
    expect(seenByB).toMatchObject({ filled: 1, waitlisted: 1 });
  });
});

describe('node(Assignment)', () => {
  it('resolves for those who see both the shift and the volunteer, and is null for everyone else', async () => {
    const shift = await createShift(server, place.gridId);
    const [owner, other] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const { signUpForShift } = await owner.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const elsewhere = await createOrg(server, 'COMMUNITY');
    const stranger = await createStaff(server, 'COORDINATOR', elsewhere.id);
    expect(await assignmentAs(owner.client, signUpForShift.id)).toMatchObject({ id: signUpForShift.id, volunteer: { id: owner.id }, shift: { id: shift.id } });
    expect(await assignmentAs(coordinator, signUpForShift.id)).toMatchObject({ id: signUpForShift.id });
    expect(await assignmentAs(other.client, signUpForShift.id)).toBeNull();
    expect(await assignmentAs(stranger, signUpForShift.id)).toBeNull();
  });
});

describe('Volunteer.assignments', () => {
  it('pages through the shifts the viewer may see, newest first, within a date range', async () => {
    const person = await createVolunteer(server, { organizationId: place.orgId });
    const day = (n: number) => new Date(Date.UTC(2031, 0, n, 2)); // 10:00 in Shanghai
    const shifts = [];
    for (const n of [1, 2, 3, 4, 5]) shifts.push(await createShift(server, place.gridId, { startsAt: day(n), endsAt: new Date(day(n).getTime() + 4 * 3600_000) }));
    for (const shift of shifts) await person.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    // A seat on another organization's grid, which the coordinator here may not see.
    const elsewhere = await createPlace(server);
    await server.sql`insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) values (${person.dbId}, ${elsewhere.orgId}, now())`;
    const hidden = await createShift(server, elsewhere.gridId, { startsAt: day(6), endsAt: new Date(day(6).getTime() + 3600_000) });
    await person.client.ok(SignUpForShiftDocument, { shiftId: hidden.id });

    const page = async (client: GraphQLTestClient, variables: { first?: number; after?: string | null; range?: { from?: string; to?: string } }) => {
      const { node } = await client.ok(VolunteerAssignmentsDocument, { id: person.id, ...variables });
      if (node?.__typename !== 'Volunteer') throw new Error('volunteer not visible');
      return node.assignments;
    };
    const first = await page(coordinator, { first: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((e) => e.node.shift.id)).toEqual([shifts[4].id, shifts[3].id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(coordinator, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.shift.id)).toEqual([shifts[2].id, shifts[1].id]);
    const last = await page(coordinator, { first: 2, after: second.pageInfo.endCursor });
    expect(last.edges.map((e) => e.node.shift.id)).toEqual([shifts[0].id]);
    expect(last.pageInfo.hasNextPage).toBe(false);
    const ranged = await page(coordinator, { range: { from: '2031-01-02', to: '2031-01-03' } });
    expect(ranged.edges.map((e) => e.node.shift.id)).toEqual([shifts[2].id, shifts[1].id]);
    expect((await page(person.client, {})).totalCount).toBe(6);
    expect(await coordinator.codes(VolunteerAssignmentsDocument, { id: person.id, after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
  });
});

describe('correction confidentiality', () => {
  it('shows a community-correction participant on a roster exactly like any other volunteer to non-correction staff', async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE');
    const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: office.id, name: 'Correction volunteers', kind: 'COMMUNITY_CORRECTION' });
    const [participant, ordinary] = await createVolunteers(server, 2, { organizationId: place.orgId, namePrefix: 'Roster person' });
    await server.admin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: participant.id });
    await server.sql`insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) values (${participant.dbId}, ${dbId(office.id)}, now())`;
    const { createGrid } = await server.admin.ok(CreateGridDocument, { name: 'Checkpoint grid', level: 'GRID', organizationId: place.org.id });
    const shift = await createShift(server, createGrid.id, { capacity: 1 });
    const { signUpForShift: seat } = await participant.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const { signUpForShift: wait } = await ordinary.client.ok(SignUpForShiftDocument, { shiftId: shift.id });

    const { shifts } = await coordinator.ok(ShiftsRosterDocument, { filter: { gridId: createGrid.id } });
    const roster = shifts.edges[0].node.roster;
    expect(roster.map((a) => a.volunteer.id)).toEqual([participant.id, ordinary.id]);
    const anonymize = (entry: (typeof roster)[number]) => ({ ...entry, id: 'x', status: 'x', waitlistPosition: 0, volunteer: { ...entry.volunteer, id: 'x', name: 'x' } });
    expect(anonymize(roster[0])).toEqual(anonymize(roster[1]));
    expect(roster[0].volunteer.teams).toEqual([]);
    expect(JSON.stringify(await assignmentAs(coordinator, seat.id))).not.toMatch(/CORRECTION|Correction/);
    const seatView = await assignmentAs(coordinator, seat.id);
    const waitView = await assignmentAs(coordinator, wait.id);
    expect(Object.keys(seatView!).sort()).toEqual(Object.keys(waitView!).sort());
  });
});
