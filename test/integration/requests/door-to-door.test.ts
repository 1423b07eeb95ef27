import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClaimServiceRequestDocument, CompleteServiceRunDocument, DispatchServiceRequestDocument, FailServiceRunDocument, GrantGridRoleDocument,
  HouseholdNodeDocument, MyServiceRunsDocument, RecordHouseholdDocument, RecordServiceRequestDocument, RequestCandidatesDocument,
  RequestChangedDocument, RequestNumbersDocument, RequestQueueDocument, ServiceRequestNodeDocument, SetGridRequestCutoffDocument,
  StartServiceRunDocument, VolunteerHoursDocument, VolunteerServiceItemsDocument, type ServiceRequestInput,
} from '../../../client/generated/graphql';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid, dbId, insertVolunteer, nodeOrNull, shanghaiDay, volunteerClient } from '../../support/factories/grids';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient } from '../../support/ws';

let server: TestServer;
let coordinator: GraphQLTestClient;
let outsider: GraphQLTestClient;
let gridWorker: GraphQLTestClient;
let building: string;
let subGrid: string;
let village: { id: string };
const runners: { id: string; dbId: number; client: GraphQLTestClient }[] = [];

async function runner(skills: string[] = []) {
  const v = await insertVolunteer(server, village.id);
  await server.sql`update volunteers set skills = ${skills} where id = ${v.dbId}`;
  const handle = { ...v, client: await volunteerClient(server, v) };
  runners.push(handle);
  return handle;
}

let addressNo = 100;
async function household(needs: ('ELDERLY' | 'LIVING_ALONE' | 'PREGNANT')[] = ['ELDERLY', 'LIVING_ALONE']) {
  const { recordHousehold } = await gridWorker.ok(RecordHouseholdDocument, {
    input: { gridId: building, address: `3单元${++addressNo}`, contactName: '陈阿婆', contactPhone: '13912345678', needs },
  });
  return recordHousehold.id;
}

async function request(householdId: string, input: Partial<ServiceRequestInput> = {}) {
  const { recordServiceRequest } = await gridWorker.ok(RecordServiceRequestDocument, {
    input: { householdId, kind: 'MEDICINE_RUN', details: '降压药 两盒', urgency: 'EMERGENCY', windowFrom: '00:00', windowTo: '24:00', ...input },
  });
  return recordServiceRequest;
}

/** A Shanghai wall-clock time on a day, as an instant. */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  const other = await createOrg(server, 'COMMUNITY', '灵源社区');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', other.id);
  const grid = (await createGrid(coordinator, village.id, '网格4', 'GRID')).id;
  subGrid = (await createGrid(coordinator, village.id, '4-2', 'SUB_GRID', grid)).id;
  // 格中格: a sub-grid split again.
  const subSub = (await createGrid(coordinator, village.id, '4-2-5', 'SUB_GRID', subGrid)).id;
  building = (await createGrid(coordinator, village.id, '4-2-5 一号楼', 'BUILDING', subSub)).id;
  const worker = await insertVolunteer(server, village.id, { name: '网格员林' });
  gridWorker = await volunteerClient(server, worker);
  await server.admin.ok(GrantGridRoleDocument, { gridId: subGrid, role: 'GRID_WORKER', volunteerId: worker.id });
});

afterAll(async () => {
  await server?.stop();
});

describe('orders and the cut-off', () => {
  it('plans orders taken before the grid cut-off for the next day and later ones for the day after, and shows them by building', async () => {
    const hh = await household();
    const yesterday = shanghaiDay(-1);
    const early = await request(hh, { urgency: 'ROUTINE', collectedAt: at(yesterday, '16:30'), windowFrom: '09:00', windowTo: '12:00' });
    const late = await request(hh, { urgency: 'ROUTINE', collectedAt: at(yesterday, '17:30'), kind: 'HOME_DELIVERY', items: ['米 5kg'], packagePrice: 50 });
    expect(early.plannedFor).toBe(shanghaiDay(0));
    expect(late.plannedFor).toBe(shanghaiDay(1));
    expect(early.startsAt).toBe(new Date(at(shanghaiDay(0), '09:00')).toISOString());
    // A grid setting moves the cut-off for the grids below it.
    await coordinator.ok(SetGridRequestCutoffDocument, { gridId: subGrid, cutoff: '18:00' });
    const later = await request(hh, { urgency: 'ROUTINE', collectedAt: at(yesterday, '17:30') });
    expect(later.plannedFor).toBe(shanghaiDay(0));
    await coordinator.ok(SetGridRequestCutoffDocument, { gridId: subGrid, cutoff: null });
    const { requestQueue } = await gridWorker.ok(RequestQueueDocument, { gridId: subGrid, day: shanghaiDay(0) });
    const mine = requestQueue.find((b) => b.building?.id === building)!;
    expect(mine.requests.map((r) => r.id)).toEqual(expect.arrayContaining([early.id, later.id]));
    expect(mine.requests.map((r) => r.id)).not.toContain(late.id);
  });

  it('refuses an order taken in the future, and lets nobody outside the grid record one', async () => {
    const hh = await household();
    expect(await gridWorker.codes(RecordServiceRequestDocument, { input: { householdId: hh, kind: 'MEAL_DELIVERY', collectedAt: new Date(Date.now() + 3600_000).toISOString() } }))
      .toEqual(['BAD_USER_INPUT']);
    expect(await outsider.codes(RecordServiceRequestDocument, { input: { householdId: hh, kind: 'MEAL_DELIVERY' } })).toEqual(['NOT_FOUND']);
    const volunteer = await runner();
    expect(await volunteer.client.codes(RecordServiceRequestDocument, { input: { householdId: hh, kind: 'MEAL_DELIVERY' } })).toEqual(['NOT_FOUND']);
  });
});

describe('claims and dispatch', () => {
  it('gives a request claimed by five volunteers at once to exactly one of them', async () => {
    const req = await request(await household());
    const claimers = await Promise.all([1, 2, 3, 4, 5].map(() => runner()));
    const results = await Promise.all(claimers.map((c) => c.client.request(ClaimServiceRequestDocument, { id: req.id })));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(4);
    const [{ active }] = await server.sql`select count(*)::int as active from service_runs where request_id = ${dbId(req.id)} and status in ('ASSIGNED', 'EN_ROUTE')`;
    expect(active).toBe(1);
  });

  it('dispatches only to volunteers who serve the grid, have the skill and are free', async () => {
    const req = await request(await household(), { requiredSkills: ['driving'], exclusive: true });
    const driver = await runner(['driving']);
    const walker = await runner([]);
    const stranger = await insertVolunteer(server, (await createOrg(server, 'COMMUNITY')).id);
    await server.sql`update volunteers set skills = '{driving}' where id = ${stranger.dbId}`;
    const { node } = await gridWorker.ok(RequestCandidatesDocument, { id: req.id });
    const candidates = (node as { candidates: { id: string }[] }).candidates.map((c) => c.id);
    expect(candidates).toContain(driver.id);
    expect(candidates).not.toContain(walker.id);
    expect(candidates).not.toContain(stranger.id);

    const refusal = await gridWorker.request(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: walker.id } });
    expect(refusal.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'MISSING_SKILL' });
    expect(await gridWorker.codes(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: stranger.id } })).toEqual(['NOT_FOUND']);

    // The driver is busy with another exclusive run in the same window.
    const other = await request(await household(), { exclusive: true });
    await gridWorker.ok(DispatchServiceRequestDocument, { id: other.id, target: { volunteerId: driver.id } });
    const busy = await gridWorker.request(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: driver.id } });
    expect(busy.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNAVAILABLE' });
    const after = await gridWorker.ok(RequestCandidatesDocument, { id: req.id });
    expect((after.node as { candidates: { id: string }[] }).candidates.map((c) => c.id)).not.toContain(driver.id);
  });
  it('lets PostgreSQL refuse the second of two overlapping exclusive runs dispatched at once to one volunteer', async () => {
    const volunteer = await runner();
    const [a, b] = await Promise.all([request(await household(), { exclusive: true }), request(await household(), { exclusive: true })]);
    const results = await Promise.all([a, b].map((r) => gridWorker.request(DispatchServiceRequestDocument, { id: r.id, target: { volunteerId: volunteer.id } })));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNAVAILABLE' });
    const [{ held }] = await server.sql`select count(*)::int as held from service_runs where volunteer_id = ${volunteer.dbId} and status = 'ASSIGNED'`;
    expect(held).toBe(1);
  });
});

describe('runs', () => {
  it('puts a failed run back in the queue with its history', async () => {
    const req = await request(await household());
    const volunteer = await runner();
    const { claimServiceRequest: run } = await volunteer.client.ok(ClaimServiceRequestDocument, { id: req.id });
    await volunteer.client.ok(StartServiceRunDocument, { id: run.id });
    const { failServiceRun } = await volunteer.client.ok(FailServiceRunDocument, { id: run.id, reason: 'NOBODY_HOME' });
    expect(failServiceRun).toMatchObject({ status: 'FAILED', failureReason: 'NOBODY_HOME', request: { status: 'OPEN' } });
    const { node } = await gridWorker.ok(ServiceRequestNodeDocument, { id: req.id });
    expect((node as { runs: { status: string }[] }).runs.map((r) => r.status)).toEqual(['FAILED']);
    const { requestQueue } = await gridWorker.ok(RequestQueueDocument, { gridId: building, day: req.plannedFor });
    expect(requestQueue.flatMap((b) => b.requests.map((r) => r.id))).toContain(req.id);
    // Someone else may take it now.
    const second = await runner();
    await second.client.ok(ClaimServiceRequestDocument, { id: req.id });
  });

  it('credits hours and a person-time from a run completed with the hand-over code', async () => {
    const req = await request(await household());
    const volunteer = await runner();
    const { claimServiceRequest: run } = await volunteer.client.ok(ClaimServiceRequestDocument, { id: req.id });
    await volunteer.client.ok(StartServiceRunDocument, { id: run.id });
    await server.sql`update service_runs set started_at = now() - interval '45 minutes' where id = ${dbId(run.id)}`;
    const wrong = await volunteer.client.request(CompleteServiceRunDocument, { id: run.id, handoverCode: req.handoverCode === '000000' ? '111111' : '000000' });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CODE' });
    const { completeServiceRun } = await volunteer.client.ok(CompleteServiceRunDocument, { id: run.id, handoverCode: req.handoverCode! });
    expect(completeServiceRun).toMatchObject({ status: 'DONE', proof: 'HANDOVER_CODE', request: { status: 'DONE' } });
    expect(completeServiceRun.hours).toBeGreaterThanOrEqual(0.74);
    const { node } = await coordinator.ok(VolunteerHoursDocument, { id: volunteer.id });
    expect((node as { hours: { hours: number; personTimes: number } }).hours).toMatchObject({ personTimes: 1, hours: completeServiceRun.hours });
    // The same ledger as shifts: the volunteer's service record has the run under its kind.
    const items = await coordinator.ok(VolunteerServiceItemsDocument, { id: volunteer.id });
    expect((items.node as { serviceItems: unknown[] }).serviceItems).toEqual([
      expect.objectContaining({ kind: 'SERVICE', duty: 'MEDICINE_RUN', place: '4-2-5 一号楼', hours: completeServiceRun.hours }),
    ]);
    const { requestNumbers } = await gridWorker.ok(RequestNumbersDocument, { gridId: subGrid, from: req.plannedFor, to: req.plannedFor });
    expect(requestNumbers[0].done).toBeGreaterThanOrEqual(1);
    expect(requestNumbers[0].peopleServed).toBeGreaterThanOrEqual(1);
  });
});

describe('sensitive household facts', () => {
  it('shows a household only to its grid staff and to a volunteer while their run is open, masked', async () => {
    const hh = await household(['PREGNANT']);
    const req = await request(hh);
    const volunteer = await runner();
    expect(await nodeOrNull(outsider, HouseholdNodeDocument, { id: hh })).toBeNull();
    expect(await nodeOrNull(volunteer.client, HouseholdNodeDocument, { id: hh })).toBeNull();
    expect(await nodeOrNull(gridWorker, HouseholdNodeDocument, { id: hh })).toMatchObject({ contactPhone: '13912345678', needs: ['PREGNANT'] });
    // The open request is there to claim, without the household or what is needed.
    const open = await nodeOrNull(volunteer.client, ServiceRequestNodeDocument, { id: req.id }) as { household: unknown; details: unknown; handoverCode: unknown };
    expect(open).toMatchObject({ household: null, details: null, handoverCode: null });
    expect(await nodeOrNull(outsider, ServiceRequestNodeDocument, { id: req.id })).toBeNull();

    const { claimServiceRequest: run } = await volunteer.client.ok(ClaimServiceRequestDocument, { id: req.id });
    const { myServiceRuns } = await volunteer.client.ok(MyServiceRunsDocument, { day: req.plannedFor });
    const mine = myServiceRuns.find((r) => r.id === run.id)!;
    expect(mine.request.household).toMatchObject({ contactPhone: '139****5678', needs: ['PREGNANT'] });
    await volunteer.client.ok(StartServiceRunDocument, { id: run.id });
    await volunteer.client.ok(FailServiceRunDocument, { id: run.id, reason: 'REFUSED' });
    expect(await nodeOrNull(volunteer.client, HouseholdNodeDocument, { id: hh })).toBeNull();
  });

  it('keeps households out of other organizations tallies and out of events a volunteer without an open run receives', async () => {
    expect(await outsider.codes(RequestNumbersDocument, { gridId: subGrid, from: shanghaiDay(0), to: shanghaiDay(0) })).toEqual(['NOT_FOUND']);
    const volunteer = await runner();
    const watcher = await runner();
    const sockets = [wsClient(server.wsUrl, volunteer.client.token), wsClient(server.wsUrl, watcher.client.token)];
    const pick = (d: { requestChanged: unknown }) => JSON.stringify(d.requestChanged);
    const [own, other] = sockets.map((s) => liveStream(s, RequestChangedDocument, { filter: { gridId: building } }, pick));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let both subscriptions reach the server
      const req = await request(await household(['PREGNANT']));
      // The watcher serves the grid: it hears of the open request (to claim it), never of the household.
      await other.until((e) => e.some((x) => x.includes(req.id)));
      const { claimServiceRequest: run } = await volunteer.client.ok(ClaimServiceRequestDocument, { id: req.id });
      const mine = await own.until((e) => e.some((x) => x.includes('REQUEST_CLAIMED')));
      const claimed = JSON.parse(mine.find((x) => x.includes('REQUEST_CLAIMED'))!);
      expect(claimed.run.id).toBe(run.id);
      expect(claimed.request.household.needs).toEqual(['PREGNANT']);
      // A later event marks the point by which the claim would have reached the watcher, in log order.
      const marker = await request(await household());
      const seen = await other.until((e) => e.some((x) => x.includes(marker.id)));
      expect(seen.join('')).not.toMatch(/PREGNANT|139|降压药/);
      expect(seen.join('')).not.toContain('REQUEST_CLAIMED');
    } finally {
      own.dispose();
      other.dispose();
      await Promise.all(sockets.map((s) => s.dispose()));
    }
  });
});
