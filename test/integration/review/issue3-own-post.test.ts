import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignVolunteerDocument, AssignmentNodeDocument, CancelAssignmentDocument, CheckInWithCodeDocument, ShiftAttendanceDocument, ShiftListDocument,
  VolunteerShiftHistoryDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, signInAs, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle, village: OrgHandle;
let townCoordinator: GraphQLTestClient;
let townGrid: string;
let slot = 0;

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  town = await createOrg(server, 'GOVERNMENT', '东石镇');
  village = await createOrg(server, 'COMMUNITY', '三乡村', town.id);
  townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
  // The town's own checkpoint grid: not a grid of the village the volunteers belong to.
  townGrid = (await createGrid(server.admin, town.id, '东石镇三乡村卡口', 'TOWN')).id;
});
afterAll(async () => { await server?.stop(); });

async function villagerOnTownPost(startsInHours: number): Promise<{ person: Person; client: GraphQLTestClient; shift: { id: string; checkInCode: string | null }; assignmentId: string }> {
  const person = await registerPerson(server, village.id, `三乡村志愿者${++slot}`);
  const client = await signInAs(server, person);
  const shift = await createShift(townCoordinator, townGrid, { title: `卡口 ${slot}`, startsAt: inHours(startsInHours), endsAt: inHours(startsInHours + 4) });
  const { assignVolunteer } = await townCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  expect(assignVolunteer.status).toBe('ASSIGNED');
  return { person, client, shift, assignmentId: assignVolunteer.id };
}

describe('a village volunteer the town coordinator puts on a town checkpoint', () => {
  it('sees the post, their own assignment on it and it among their assignments', async () => {
    const { person, client, shift, assignmentId } = await villagerOnTownPost(30);
    const roster = await client.ok(ShiftAttendanceDocument, { id: shift.id });
    expect(roster.node).toMatchObject({ id: shift.id, filled: 1, roster: [{ id: assignmentId, volunteer: { id: person.id } }] });
    const own = await client.ok(AssignmentNodeDocument, { id: assignmentId });
    expect(own.node).toMatchObject({ __typename: 'Assignment', id: assignmentId, status: 'ASSIGNED' });
    const { node } = await client.ok(VolunteerShiftHistoryDocument, { id: person.id });
    expect(node && 'assignments' in node ? node.assignments.edges.map((e) => e.node.id) : null).toEqual([assignmentId]);
    expect((await client.ok(ShiftListDocument, { filter: { gridId: townGrid } })).shifts.edges.map((e) => e.node.id)).toContain(shift.id);
  });

  it('checks in from their own phone with the code the staff show', async () => {
    const { client, shift, assignmentId } = await villagerOnTownPost(-0.5);
    const { checkInWithCode } = await client.ok(CheckInWithCodeDocument, { shiftId: shift.id, code: shift.checkInCode! });
    expect(checkInWithCode).toMatchObject({ id: assignmentId, status: 'CHECKED_IN' });
  });

  it('cancels their own seat', async () => {
    const { client, assignmentId } = await villagerOnTownPost(50);
    const { cancelAssignment } = await client.ok(CancelAssignmentDocument, { id: assignmentId, reason: '家中有事' });
    expect(cancelAssignment).toMatchObject({ status: 'CANCELLED', shift: { filled: 0 } });
  });

  it('still sees nothing of a town grid where they have no place', async () => {
    const other = (await createGrid(server.admin, town.id, '东石镇另一个卡口', 'TOWN')).id;
    const shift = await createShift(townCoordinator, other, { title: '无关的卡口', startsAt: inHours(70) });
    const { client } = await villagerOnTownPost(60);
    expect(await client.codes(ShiftAttendanceDocument, { id: shift.id })).toEqual(['NOT_FOUND']);
    expect(await client.codes(ShiftListDocument, { filter: { gridId: other } })).toEqual(['NOT_FOUND']);
  });
});
