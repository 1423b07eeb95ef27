import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptGridRoleInvitationDocument, ArchiveHouseholdDocument, AssignVolunteerDocument, ClaimServiceRequestDocument, CompleteServiceRunDocument,
  CreateAccountDocument, DispatchServiceRequestDocument, FailServiceRunDocument, GrantGridRoleDocument,
  GridHouseholdsDocument, HouseholdNodeDocument, InviteToGridRoleDocument, MyServiceRunsDocument, RecordHouseholdDocument,
  RecordServiceRequestDocument, RequestCandidatesDocument, RevokeGridRoleInvitationDocument, ServiceRequestNodeDocument,
  SetGridClaimLimitDocument, SetGridLeaderDocument, StartServiceRunDocument, TallyDocument, VolunteerServiceItemsDocument,
  type ServiceRequestInput,
} from '../../../client/generated/graphql';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import { createGrid, dbId, insertMembership, insertTeam, insertVolunteer, nodeOrNull, volunteerClient } from '../../support/factories/grids';
import { createShift } from '../../support/factories/shifts';
import { signUpAndSignIn } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

/*
 * The gaps the first door-to-door stop left: grid workers made by invitation, not by creating
 * accounts; dispatch refusals that do not tell a hidden seat; a former runner who stops following a
 * request; archived households; a team member checked like a dispatch; the claim limit; and duty
 * tallies that do not point at quarantined homes.
 */
let server: TestServer;
let village: OrgHandle;
let coordinator: GraphQLTestClient;
let gridWorker: GraphQLTestClient;
let grid: string;
let building: string;

async function runner(skills: string[] = []) {
  const v = await insertVolunteer(server, village.id);
  if (skills.length) await server.sql`update volunteers set skills = ${skills} where id = ${v.dbId}`;
  return { ...v, client: await volunteerClient(server, v) };
}

let addressNo = 0;
async function household(needs: ('UNDER_QUARANTINE' | 'ELDERLY')[] = ['ELDERLY']): Promise<string> {
  const { recordHousehold } = await gridWorker.ok(RecordHouseholdDocument, { input: { gridId: building, address: `5单元${++addressNo}`, contactPhone: '13912345678', needs } });
  return recordHousehold.id;
}

async function request(input: Partial<ServiceRequestInput> = {}) {
  const { recordServiceRequest } = await gridWorker.ok(RecordServiceRequestDocument, {
    input: { householdId: input.householdId ?? (await household()), kind: 'MEAL_DELIVERY', urgency: 'EMERGENCY', windowFrom: '00:00', windowTo: '24:00', ...input },
  });
  return recordServiceRequest;
}

const refusal = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) =>
  JSON.stringify((result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code, reason: e.extensions?.reason })));

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '灵源村委会');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  grid = (await createGrid(coordinator, village.id, '网格7', 'GRID')).id;
  building = (await createGrid(coordinator, village.id, '7号楼', 'BUILDING', grid)).id;
  const worker = await insertVolunteer(server, village.id, { name: '网格员吴' });
  gridWorker = await volunteerClient(server, worker);
  await server.admin.ok(GrantGridRoleDocument, { gridId: grid, role: 'GRID_WORKER', volunteerId: worker.id });
});

afterAll(async () => {
  await server?.stop();
});

describe('grid workers by invitation', () => {
  it('answers a grid leader the same whether or not the mobile has an account, and grants the role only when its holder accepts', async () => {
    const leader = await runner();
    await coordinator.ok(SetGridLeaderDocument, { gridId: grid, volunteerId: leader.id });
    // Creating the account was an oracle (mobileTaken) and took the person's own sign-up: refused now.
    const taken = await runner();
    expect(await leader.client.codes(CreateAccountDocument, { mobile: taken.mobile, displayName: '网格员', password: 'a-long-password-1', role: 'GRID_WORKER', gridId: building }))
      .toEqual(['FORBIDDEN']);
    const freshMobile = mobileNumber();
    expect(await leader.client.codes(CreateAccountDocument, { mobile: freshMobile, displayName: '网格员', password: 'a-long-password-1', role: 'GRID_WORKER', gridId: building }))
      .toEqual(['FORBIDDEN']);

    const { inviteToGridRole: known } = await leader.client.ok(InviteToGridRoleDocument, { gridId: building, role: 'GRID_WORKER', mobile: taken.mobile });
    const { inviteToGridRole: unknown } = await leader.client.ok(InviteToGridRoleDocument, { gridId: building, role: 'GRID_WORKER', mobile: freshMobile });
    const shape = (i: typeof known) => ({ ...i, id: 'id', code: i.code?.length, mobile: i.mobile.replace(/\d{4}$/, ''), expiresAt: Math.round((Date.parse(i.expiresAt) - Date.now()) / 3_600_000) });
    expect(shape(known)).toEqual(shape(unknown));

    // Only the holder of the mobile can take it up; anyone else's answer is that of a wrong code.
    expect(await gridWorker.codes(AcceptGridRoleInvitationDocument, { code: known.code! })).toEqual(['NOT_FOUND']);
    expect(await taken.client.codes(RecordHouseholdDocument, { input: { gridId: building, address: '邀请前' } })).toEqual(['FORBIDDEN']);
    await taken.client.ok(AcceptGridRoleInvitationDocument, { code: known.code! });
    expect(await taken.client.codes(AcceptGridRoleInvitationDocument, { code: known.code! })).toEqual(['NOT_FOUND']);
    await taken.client.ok(RecordHouseholdDocument, { input: { gridId: building, address: '邀请后' } });

    // The person without an account signs up on their own (nothing was made in their name) and accepts.
    const newcomer = await signUpAndSignIn(server, village, { name: '新网格员', mobile: freshMobile });
    await newcomer.ok(AcceptGridRoleInvitationDocument, { code: unknown.code!.toLowerCase() });
    await newcomer.ok(RecordHouseholdDocument, { input: { gridId: building, address: '新人登记' } });

    // Naming a volunteer the leader may pick answers alike with or without an account; without one
    // the code goes to the person's own mobile.
    const [withAccount, withoutAccount] = [await runner(), await insertVolunteer(server, village.id)];
    const grants = await Promise.all([withAccount, withoutAccount].map((v) => leader.client.request(GrantGridRoleDocument, { gridId: building, role: 'GRID_WORKER', volunteerId: v.id })));
    expect(grants[1]).toEqual(grants[0]);
    const texted = await eventuallyTexted(withoutAccount.mobile, 1);
    expect(texted.template).toBe('GRID_ROLE_INVITATION');
    // Granting again and again records each invitation, but the person's phone gets at most five texts a day.
    for (let i = 0; i < 6; i++) expect(await leader.client.request(GrantGridRoleDocument, { gridId: building, role: 'GRID_WORKER', volunteerId: withoutAccount.id })).toEqual(grants[0]);
    await eventuallyTexted(withoutAccount.mobile, 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.sms.sent.get(withoutAccount.mobile)).toBe(5);
    const lastCode = server.sms.outbox.get(withoutAccount.mobile)!.code;
    // They activate their account (as issueActivationCode would let them), then accept.
    const activated = await volunteerClient(server, withoutAccount);
    await activated.ok(AcceptGridRoleInvitationDocument, { code: lastCode });
    await activated.ok(RecordHouseholdDocument, { input: { gridId: building, address: '激活后' } });

    // Withdrawing the accepted invitation takes the role back.
    await leader.client.ok(RevokeGridRoleInvitationDocument, { id: known.id });
    const after = await taken.client.codes(RecordHouseholdDocument, { input: { gridId: building, address: '撤销后' } });
    expect(after).toEqual(['FORBIDDEN']);
  });
});

/** The last text to `mobile` once it has had `count` (texts go out after the answer, not awaited). */
async function eventuallyTexted(mobile: string, count: number) {
  for (let waited = 0; (server.sms.sent.get(mobile) ?? 0) < count; waited += 50) {
    if (waited > 10_000) throw new Error(`${mobile} had ${server.sms.sent.get(mobile) ?? 0} texts, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server.sms.outbox.get(mobile)!;
}

describe('dispatch refusals', () => {
  it('refuses a volunteer seated on a post the dispatcher cannot see exactly as one seated on a post they can, and offers neither', async () => {
    // A routine order goes out on a later day, so the posts below are still ahead whenever this runs.
    const req = await request({ urgency: 'ROUTINE' });
    const [seen, hidden] = [await runner(), await runner()];
    const elsewhere = await createOrg(server, 'COMMUNITY', '另一村');
    const otherGrid = (await createGrid(server.admin, elsewhere.id, '外村网格', 'GRID')).id;
    await server.sql`insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) values (${hidden.dbId}, ${dbId(elsewhere.id)}, now())`;
    const window = { startsAt: new Date(`${req.plannedFor}T10:00:00+08:00`).toISOString(), endsAt: new Date(`${req.plannedFor}T12:00:00+08:00`).toISOString() };
    const ownShift = await createShift(coordinator, grid, window);
    const hiddenShift = await createShift(server.admin, otherGrid, window);
    await coordinator.ok(AssignVolunteerDocument, { shiftId: ownShift.id, volunteerId: seen.id });
    await server.admin.ok(AssignVolunteerDocument, { shiftId: hiddenShift.id, volunteerId: hidden.id });
    const a = await gridWorker.request(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: seen.id } });
    const b = await gridWorker.request(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: hidden.id } });
    expect(refusal(a)).toContain('UNAVAILABLE');
    expect(refusal(b)).toBe(refusal(a));
    const { node } = await gridWorker.ok(RequestCandidatesDocument, { id: req.id });
    const offered = (node as { candidates: { id: string }[] }).candidates.map((c) => c.id);
    expect(offered).not.toContain(seen.id);
    expect(offered).not.toContain(hidden.id);
  });
});

describe('a former runner', () => {
  it('no longer follows the request or sees the household once someone else holds it', async () => {
    const hh = await household();
    const req = await request({ householdId: hh });
    const first = await runner();
    const { claimServiceRequest: run } = await first.client.ok(ClaimServiceRequestDocument, { id: req.id });
    await first.client.ok(FailServiceRunDocument, { id: run.id, reason: 'NOBODY_HOME' });
    const second = await runner();
    await gridWorker.ok(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: second.id } });
    expect(await nodeOrNull(first.client, ServiceRequestNodeDocument, { id: req.id })).toBeNull();
    expect(await nodeOrNull(first.client, HouseholdNodeDocument, { id: hh })).toBeNull();
    // Their own run stays in their history, without the request it no longer follows.
    const { myServiceRuns } = await first.client.ok(MyServiceRunsDocument, { day: req.plannedFor });
    expect(myServiceRuns.find((r) => r.id === run.id)).toMatchObject({ status: 'FAILED', request: null });
  });
});

describe('archived households', () => {
  it('drop out of the grid list and new requests, keep their history, and come back when restored', async () => {
    const hh = await household();
    const old = await request({ householdId: hh });
    const { archiveHousehold } = await gridWorker.ok(ArchiveHouseholdDocument, { id: hh });
    expect(archiveHousehold.archivedAt).not.toBeNull();
    const listed = async () => ((await nodeOrNull(gridWorker, GridHouseholdsDocument, { id: building })) as { households: { id: string }[] }).households.map((h) => h.id);
    expect(await listed()).not.toContain(hh);
    const refused = await gridWorker.request(RecordServiceRequestDocument, { input: { householdId: hh, kind: 'HOME_VISIT' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'HOUSEHOLD_ARCHIVED' });
    expect(await nodeOrNull(gridWorker, ServiceRequestNodeDocument, { id: old.id })).toMatchObject({ id: old.id, household: { id: hh } });
    // PostgreSQL refuses it too, whatever the code does.
    await expect(server.sql`insert into service_requests (household_id, grid_id, kind, planned_for, period, handover_code, collected_at)
      values (${dbId(hh)}, ${dbId(building)}, 'HOME_VISIT', current_date, tstzrange(now(), now() + interval '1 hour'), '000000', now())`).rejects.toThrow(/archived/);
    expect(await runner().then((v) => v.client.codes(ArchiveHouseholdDocument, { id: hh, archived: false }))).toEqual(['NOT_FOUND']);
    await gridWorker.ok(ArchiveHouseholdDocument, { id: hh, archived: false });
    expect(await listed()).toContain(hh);
    await gridWorker.ok(RecordServiceRequestDocument, { input: { householdId: hh, kind: 'HOME_VISIT' } });
  });
});

describe('a team member setting out', () => {
  it('is held to the skill and free time a dispatch to them would be', async () => {
    const team = await insertTeam(server, village.id, '送药小队');
    const [walker, driver] = [await runner(), await runner(['driving'])];
    await insertMembership(server, team.id, walker.id);
    await insertMembership(server, team.id, driver.id);
    const req = await request({ requiredSkills: ['driving'] });
    const { dispatchServiceRequest: run } = await gridWorker.ok(DispatchServiceRequestDocument, { id: req.id, target: { teamId: team.id } });
    const refused = await walker.client.request(StartServiceRunDocument, { id: run.id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'MISSING_SKILL' });
    const { startServiceRun } = await driver.client.ok(StartServiceRunDocument, { id: run.id });
    expect(startServiceRun).toMatchObject({ status: 'EN_ROUTE', volunteer: { id: driver.id } });
  });
});

describe('the claim limit', () => {
  it('lets a volunteer claiming four requests at once hold only as many as the grid allows', async () => {
    await gridWorker.codes(SetGridClaimLimitDocument, { gridId: grid, limit: 2 }).then((codes) => expect(codes).toEqual(['FORBIDDEN']));
    await coordinator.ok(SetGridClaimLimitDocument, { gridId: grid, limit: 2 });
    const requests = await Promise.all([1, 2, 3, 4].map(() => request()));
    const claimer = await runner();
    const results = await Promise.all(requests.map((r) => claimer.client.request(ClaimServiceRequestDocument, { id: r.id })));
    expect(results.filter((r) => !r.errors).length).toBe(2);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions)).toEqual([
      expect.objectContaining({ code: 'CONFLICT', reason: 'CLAIM_LIMIT' }), expect.objectContaining({ code: 'CONFLICT', reason: 'CLAIM_LIMIT' }),
    ]);
    const [{ held }] = await server.sql`select count(*)::int as held from service_runs where volunteer_id = ${claimer.dbId} and status = 'ASSIGNED'`;
    expect(held).toBe(2);
    // A coordinator's dispatch is not a claim: it is not counted against the limit.
    await gridWorker.ok(DispatchServiceRequestDocument, { id: requests.find((r, i) => results[i].errors)!.id, target: { volunteerId: claimer.id } });
    await coordinator.ok(SetGridClaimLimitDocument, { gridId: grid, limit: null });
  });
});

describe('duty tallies', () => {
  it('count rubbish collection for a quarantined home as door-to-door service, in tallies and service records alike', async () => {
    const req = await request({ householdId: await household(['UNDER_QUARANTINE']), kind: 'RUBBISH_COLLECTION' });
    const volunteer = await runner();
    const { claimServiceRequest: run } = await volunteer.client.ok(ClaimServiceRequestDocument, { id: req.id });
    await volunteer.client.ok(StartServiceRunDocument, { id: run.id });
    await server.sql`update service_runs set started_at = now() - interval '20 minutes' where id = ${dbId(run.id)}`;
    await volunteer.client.ok(CompleteServiceRunDocument, { id: run.id, handoverCode: req.handoverCode! });
    const { tally } = await coordinator.ok(TallyDocument, { input: { groupBy: 'DUTY', gridId: building } });
    expect(tally.map((r) => r.key)).toContain('DOOR_TO_DOOR');
    expect(JSON.stringify(tally)).not.toMatch(/RUBBISH|垃圾/i);
    const items = await coordinator.ok(VolunteerServiceItemsDocument, { id: volunteer.id });
    expect(JSON.stringify(items)).not.toMatch(/RUBBISH|垃圾/i);
    const [{ duties }] = await server.sql`select array_agg(distinct duty::text) as duties from hour_rollup where volunteer_id = ${volunteer.dbId}`;
    expect(duties).toEqual(['DOOR_TO_DOOR']);
  });
});
