import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveHoursCorrectionDocument, AssignVolunteerDocument, CheckInDocument, CheckOutDocument, CorrectionRequestNodeDocument,
  HoursCorrectionRequestsDocument, RejectHoursCorrectionDocument, RequestHoursCorrectionDocument, VolunteerCorrectionRequestsDocument,
  VolunteerHoursDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, shanghaiTime, signInAs, type Person } from '../../support/factories/shifts';
import { expectSameAnswer } from '../review/issue2-support';
import { toGlobalId } from '../../../server/platform/ids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let coordinator: GraphQLTestClient, officer: GraphQLTestClient, neighbourCoordinator: GraphQLTestClient;
let villager: Person, participant: Person;
let villagerClient: GraphQLTestClient, participantClient: GraphQLTestClient;
let villagerDuty: string, participantDuty: string;
const DAY = '2022-04-12';

async function serve(shiftId: string, person: Person, from: string, to: string): Promise<string> {
  const { assignVolunteer } = await server.admin.ok(AssignVolunteerDocument, { shiftId, volunteerId: person.id });
  await server.admin.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: from });
  await server.admin.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: to });
  return assignVolunteer.id;
}

const ask = (client: GraphQLTestClient, assignmentId: string, hours: number) =>
  client.ok(RequestHoursCorrectionDocument, { input: { assignmentId, hours, reason: '我20:00才离开' } }).then((r) => r.requestHoursCorrection);

const pendingIds = async (client: GraphQLTestClient) =>
  (await client.ok(HoursCorrectionRequestsDocument, {})).hoursCorrectionRequests.edges.map((e) => e.node.id);

beforeAll(async () => {
  server = await startTestServer();
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  const neighbour = await createOrg(server, 'COMMUNITY', '海尾村委会');
  const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  neighbourCoordinator = await createStaff(server, 'COORDINATOR', neighbour.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  const grid = (await createGrid(server.admin, village.id, '洋埭村卡口', 'GRID')).id;
  villager = await registerPerson(server, village.id, '林秀英');
  participant = await registerPerson(server, office.id, '施永福');
  const shift = await createShift(server.admin, grid, { startsAt: shanghaiTime(DAY, '16:00'), endsAt: shanghaiTime(DAY, '20:00'), capacity: 5 });
  villagerDuty = await serve(shift.id, villager, shanghaiTime(DAY, '16:00'), shanghaiTime(DAY, '18:00'));
  participantDuty = await serve(shift.id, participant, shanghaiTime(DAY, '16:00'), shanghaiTime(DAY, '18:00'));
  villagerClient = await signInAs(server, villager);
  participantClient = await signInAs(server, participant);
});
afterAll(async () => { await server?.stop(); });

describe('correction requests', () => {
  it('lets a volunteer ask, the village approve with the difference appended and tied to the request, and the volunteer see the outcome', async () => {
    const request = await ask(villagerClient, villagerDuty, 4);
    expect(request).toMatchObject({ status: 'PENDING', claimedHours: 4, recordedHours: 2, adjustment: null });
    expect(await pendingIds(coordinator)).toEqual([request.id]);
    const { approveHoursCorrection } = await coordinator.ok(ApproveHoursCorrectionDocument, { id: request.id, note: '核实属实' });
    expect(approveHoursCorrection).toMatchObject({ status: 'APPROVED', decisionNote: '核实属实', adjustment: { hours: 2, reason: '核实属实' } });
    const [row] = await server.sql`select h.assignment_id, h.correction_request_id from hour_adjustments h where h.reason = '核实属实'`;
    expect([toGlobalId('Assignment', row.assignment_id), toGlobalId('HoursCorrectionRequest', row.correction_request_id)]).toEqual([villagerDuty, request.id]);
    const mine = await villagerClient.ok(VolunteerCorrectionRequestsDocument, { id: villager.id });
    expect(mine.node).toMatchObject({ hoursCorrectionRequests: { totalCount: 1, edges: [{ node: { status: 'APPROVED', adjustment: { hours: 2 } } }] } });
    expect((await villagerClient.ok(VolunteerHoursDocument, { id: villager.id })).node).toMatchObject({ hours: { hours: 4 } });
    expect(await pendingIds(coordinator)).toEqual([]);
  });

  it('rejects with a reason the volunteer reads, appending nothing; a decided request cannot be decided again', async () => {
    const request = await villagerClient.ok(RequestHoursCorrectionDocument, {
      input: { period: { from: DAY, to: DAY }, hours: 10, reason: '那天还送了物资' },
    }).then((r) => r.requestHoursCorrection);
    const [{ n: before }] = await server.sql`select count(*)::int as n from hour_adjustments`;
    const { rejectHoursCorrection } = await coordinator.ok(RejectHoursCorrectionDocument, { id: request.id, reason: '物资登记中无记录' });
    expect(rejectHoursCorrection).toMatchObject({ status: 'REJECTED', decisionNote: '物资登记中无记录', adjustment: null });
    const again = await coordinator.request(ApproveHoursCorrectionDocument, { id: request.id });
    expect(again.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['CONFLICT', 'DECIDED']]);
    const [{ n: after }] = await server.sql`select count(*)::int as n from hour_adjustments`;
    expect(after).toBe(before);
    const { node } = await villagerClient.ok(CorrectionRequestNodeDocument, { id: request.id });
    expect(node).toMatchObject({ status: 'REJECTED', decisionNote: '物资登记中无记录' });
  });

  it("shows a participant's request to their correction office only: the village that seated them gets NOT_FOUND as for a missing one", async () => {
    const request = await ask(participantClient, participantDuty, 4);
    expect(await pendingIds(coordinator)).toEqual([]);
    expect(await pendingIds(officer)).toEqual([request.id]);
    const missing = toGlobalId('HoursCorrectionRequest', 999_999);
    await expectSameAnswer(coordinator, CorrectionRequestNodeDocument, { id: request.id }, { id: missing });
    await expectSameAnswer(coordinator, ApproveHoursCorrectionDocument, { id: request.id }, { id: missing });
    await expectSameAnswer(neighbourCoordinator, RejectHoursCorrectionDocument, { id: request.id, reason: 'x' }, { id: missing, reason: 'x' });
    const { approveHoursCorrection } = await officer.ok(ApproveHoursCorrectionDocument, { id: request.id });
    expect(approveHoursCorrection.adjustment?.hours).toBe(2);
    // Recorded for the office: the village's totals do not move.
    const [row] = await server.sql`select o.kind from hour_adjustments h join organizations o on o.id = h.organization_id where h.correction_request_id is not null order by h.id desc limit 1`;
    expect(row.kind).toBe('CORRECTION_OFFICE');
    expect((await coordinator.ok(VolunteerHoursDocument, { id: participant.id })).node).toMatchObject({ hours: { hours: 2 } });
  });

  it('appends exactly one adjustment when two approvals race', async () => {
    const other = await registerPerson(server, (await createOrg(server, 'COMMUNITY', '江浦社区')).id, '陈美玲');
    const grid = (await createGrid(server.admin, (await createOrg(server, 'COMMUNITY', '梅庭社区')).id, '梅庭社区网格', 'GRID')).id;
    const shift = await createShift(server.admin, grid, { startsAt: shanghaiTime(DAY, '08:00'), endsAt: shanghaiTime(DAY, '12:00') });
    const duty = await serve(shift.id, other, shanghaiTime(DAY, '08:00'), shanghaiTime(DAY, '09:00'));
    const request = await ask(await signInAs(server, other), duty, 4);
    const results = await Promise.all([1, 2, 3].map(() => server.admin.request(ApproveHoursCorrectionDocument, { id: request.id })));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.reason)).toEqual(['DECIDED', 'DECIDED']);
    const [{ n }] = await server.sql`select count(*)::int as n from hour_adjustments where correction_request_id = ${Number(Buffer.from(request.id, 'base64url').toString().split(':')[1])}`;
    expect(n).toBe(1);
  });

  it('refuses bad requests with typed errors: both subjects, someone else’s assignment, a second open request for one assignment', async () => {
    const both = await villagerClient.request(RequestHoursCorrectionDocument, { input: { assignmentId: villagerDuty, period: { from: DAY, to: DAY }, hours: 1, reason: 'x' } });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.period' });
    expect(await villagerClient.codes(RequestHoursCorrectionDocument, { input: { assignmentId: participantDuty, hours: 1, reason: 'x' } })).toEqual(['NOT_FOUND']);
    await ask(villagerClient, villagerDuty, 3);
    expect(await villagerClient.codes(RequestHoursCorrectionDocument, { input: { assignmentId: villagerDuty, hours: 3.5, reason: 'x' } })).toEqual(['CONFLICT']);
    expect(await coordinator.codes(RequestHoursCorrectionDocument, { input: { assignmentId: villagerDuty, hours: 1, reason: 'x' } })).toEqual(['FORBIDDEN']);
  });
});
