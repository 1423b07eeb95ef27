import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CancelServiceRequestDocument, ClaimServiceRequestDocument, CompleteServiceRunDocument, ConfirmServiceRunDocument,
  DispatchBuildingDocument, DispatchServiceRequestDocument, FailServiceRunDocument, GrantGridRoleDocument, GridHouseholdsDocument,
  HouseholdNodeDocument, RecordHouseholdDocument, RecordServiceRequestDocument, ReleaseServiceRunDocument, RequestCandidatesDocument,
  RequestChangedDocument, RequestNumbersDocument, RequestQueueDocument, ServiceRequestNodeDocument, StartServiceRunDocument,
  UpdateHouseholdDocument, GridVolunteerDocument,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff } from '../../support/factories';
import { correctionPost, type CorrectionPost } from '../../support/factories/correction';
import { createGrid, dbId, insertVolunteer, nodeOrNull, shanghaiDay, volunteerClient, VOLUNTEER_PASSWORD } from '../../support/factories/grids';
import { signUpAndSignIn, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { wsClient, wsOnce } from '../../support/ws';

/**
 * The door-to-door API probed from outside, as each kind of caller who must learn nothing: another
 * organization's staff, a sibling grid's worker, a correction officer, a volunteer without (or
 * after) a run, a self-registered stranger, and anonymous callers.
 */
let server: TestServer;
let post: CorrectionPost;
let worker: GraphQLTestClient;
let siblingWorker: GraphQLTestClient;
let leader: GraphQLTestClient;
let outsiders: Record<string, GraphQLTestClient>;
let otherVolunteer: GraphQLTestClient;
let subA: string;
let subB: string;
let building: string;

const MISSING = {
  household: toGlobalId('Household', 999_999), request: toGlobalId('ServiceRequest', 999_999),
  run: toGlobalId('ServiceRun', 999_999), grid: toGlobalId('Grid', 999_999), volunteer: toGlobalId('Volunteer', 999_999),
};

let addressNo = 0;
async function household(): Promise<string> {
  const { recordHousehold } = await worker.ok(RecordHouseholdDocument, {
    input: { gridId: building, address: `1单元${++addressNo}`, contactName: '陈阿婆', contactPhone: '13912345678', needs: ['PREGNANT'] },
  });
  return recordHousehold.id;
}

async function request(householdId?: string) {
  const { recordServiceRequest } = await worker.ok(RecordServiceRequestDocument, {
    input: { householdId: householdId ?? (await household()), kind: 'MEDICINE_RUN', details: '降压药 两盒', urgency: 'EMERGENCY', windowFrom: '00:00', windowTo: '24:00' },
  });
  return recordServiceRequest;
}

/** Everything a refusal tells the caller: message, code, field, reason — compared between a hidden and a missing id. */
async function refusal<TData, TVars>(client: GraphQLTestClient, document: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<string> {
  const { errors, data } = await client.request(document, variables);
  return JSON.stringify({ errors: (errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions })), data });
}

async function villageVolunteer(): Promise<{ id: string; client: GraphQLTestClient }> {
  const v = await insertVolunteer(server, post.village.id);
  return { id: v.id, client: await volunteerClient(server, v) };
}

beforeAll(async () => {
  server = await startTestServer();
  post = await correctionPost(server);
  const other = await createOrg(server, 'COMMUNITY', '灵源社区');
  otherVolunteer = await volunteerClient(server, await insertVolunteer(server, other.id));
  outsiders = {
    otherAdmin: await createStaff(server, 'ORG_ADMIN', other.id),
    otherCoordinator: await createStaff(server, 'COORDINATOR', other.id),
    officer: post.officer,
  };
  subA = (await createGrid(server.admin, post.village.id, '3-1', 'SUB_GRID', post.gridId)).id;
  subB = (await createGrid(server.admin, post.village.id, '3-2', 'SUB_GRID', post.gridId)).id;
  building = (await createGrid(server.admin, post.village.id, '3-1 一号楼', 'BUILDING', subA)).id;
  const grant = async (gridId: string, role: 'GRID_WORKER' | 'GRID_LEADER') => {
    const v = await insertVolunteer(server, post.village.id);
    const client = await volunteerClient(server, v);
    await server.admin.ok(GrantGridRoleDocument, { gridId, role, volunteerId: v.id });
    // A new token carries the grant.
    return server.anonymous.login(v.mobile, VOLUNTEER_PASSWORD).then((c) => c ?? client);
  };
  worker = await grant(subA, 'GRID_WORKER');
  siblingWorker = await grant(subB, 'GRID_WORKER');
  leader = await grant(subA, 'GRID_LEADER');
  outsiders.siblingWorker = siblingWorker;
});

afterAll(async () => {
  await server?.stop();
});

describe('hidden answers exactly like missing', () => {
  it('refuses other organizations staff, a sibling grid worker and a correction officer households, requests and runs as if they did not exist', async () => {
    const hh = await household();
    const req = await request(hh);
    const { dispatchServiceRequest: run } = await worker.ok(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: post.villager.id } });
    for (const [who, client] of Object.entries(outsiders)) {
      const same = async <TData, TVars>(document: TypedDocumentNode<TData, TVars>, hidden: TVars, missing: TVars) =>
        expect(await refusal(client, document, hidden), `${who}: ${JSON.stringify(hidden)}`).toBe(await refusal(client, document, missing));
      await same(HouseholdNodeDocument, { id: hh }, { id: MISSING.household });
      await same(ServiceRequestNodeDocument, { id: req.id }, { id: MISSING.request });
      await same(RequestCandidatesDocument, { id: req.id }, { id: MISSING.request });
      await same(UpdateHouseholdDocument, { id: hh, patch: { needs: [] } }, { id: MISSING.household, patch: { needs: [] } });
      await same(RecordServiceRequestDocument, { input: { householdId: hh, kind: 'MEAL_DELIVERY' } }, { input: { householdId: MISSING.household, kind: 'MEAL_DELIVERY' } });
      await same(CancelServiceRequestDocument, { id: req.id, reason: '重复' }, { id: MISSING.request, reason: '重复' });
      await same(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: post.villager.id } }, { id: MISSING.request, target: { volunteerId: post.villager.id } });
      await same(StartServiceRunDocument, { id: run.id }, { id: MISSING.run });
      await same(ConfirmServiceRunDocument, { id: run.id }, { id: MISSING.run });
      if (who === 'otherAdmin' || who === 'otherCoordinator') {
        // The officer sees the village grid through the office's deployment and the sibling worker as a village
        // volunteer (both are refused with FORBIDDEN there); another organization's staff do not see it at all.
        await same(RequestNumbersDocument, { gridId: subA, from: shanghaiDay(0), to: shanghaiDay(0) }, { gridId: MISSING.grid, from: shanghaiDay(0), to: shanghaiDay(0) });
        await same(RequestQueueDocument, { gridId: subA, day: shanghaiDay(0) }, { gridId: MISSING.grid, day: shanghaiDay(0) });
        await same(DispatchBuildingDocument, { gridId: building, day: shanghaiDay(0), target: { volunteerId: post.villager.id } },
          { gridId: MISSING.grid, day: shanghaiDay(0), target: { volunteerId: post.villager.id } });
      }
      else expect(await client.codes(RequestNumbersDocument, { gridId: subA, from: shanghaiDay(0), to: shanghaiDay(0) })).toEqual(['FORBIDDEN']);
      expect(await nodeOrNull(client, HouseholdNodeDocument, { id: hh })).toBeNull();
    }
    await worker.ok(ReleaseServiceRunDocument, { id: run.id });
  });

  it('answers a hidden request, run or household without waiting on its lock, as it answers a missing one', async () => {
    const hh = await household();
    const req = await request(hh);
    const { dispatchServiceRequest: run } = await worker.ok(DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: post.villager.id } });
    const outsider = outsiders.otherCoordinator;
    // A resident-staff transaction holds the rows; an outsider's call must not queue behind it (nor take the lock).
    const answers = await server.sql.begin(async (tx) => {
      await tx`select 1 from service_requests where id = ${dbId(req.id)} for update`;
      await tx`select 1 from households where id = ${dbId(hh)} for update`;
      const guard = new Promise<string[]>((resolve) => setTimeout(() => resolve(['STILL WAITING ON THE LOCK']), 5000));
      return Promise.race([Promise.all([
        outsider.codes(StartServiceRunDocument, { id: run.id }),
        outsider.codes(CancelServiceRequestDocument, { id: req.id, reason: '重复' }),
        outsider.codes(UpdateHouseholdDocument, { id: hh, patch: { needs: [] } }),
        otherVolunteer.codes(ClaimServiceRequestDocument, { id: req.id }),
      ]).then((all) => all.flat()), guard]);
    });
    expect(answers).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    await worker.ok(ReleaseServiceRunDocument, { id: run.id });
  });

  it('refuses a subscription to a hidden request exactly as to a missing one', async () => {
    const req = await request();
    const socket = wsClient(server.wsUrl, outsiders.otherCoordinator.token);
    try {
      const hidden = await wsOnce(socket, RequestChangedDocument, { filter: { requestId: req.id } });
      const missing = await wsOnce(socket, RequestChangedDocument, { filter: { requestId: MISSING.request } });
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(hidden.errors?.map((e) => [e.message, e.extensions]))).toBe(JSON.stringify(missing.errors?.map((e) => [e.message, e.extensions])));
    } finally {
      await socket.dispose();
    }
  });

  it('tells anonymous callers only that they must sign in', async () => {
    const hh = await household();
    for (const codes of [
      await server.anonymous.codes(HouseholdNodeDocument, { id: hh }),
      await server.anonymous.codes(RequestQueueDocument, { gridId: subA, day: shanghaiDay(0) }),
      await server.anonymous.codes(RequestNumbersDocument, { gridId: subA, from: shanghaiDay(0), to: shanghaiDay(0) }),
    ]) expect(codes).toEqual(['UNAUTHENTICATED']);
  });
});

describe('household facts follow the open run', () => {
  it('hides the household, what is needed and the hand-over code from a volunteer before and after their run', async () => {
    const hh = await household();
    const req = await request(hh);
    const volunteer = await villageVolunteer();
    const hiddenFacts = { household: null, details: null, handoverCode: null };
    expect(await nodeOrNull(volunteer.client, ServiceRequestNodeDocument, { id: req.id })).toMatchObject(hiddenFacts);
    expect(await nodeOrNull(volunteer.client, GridHouseholdsDocument, { id: building })).toMatchObject({ households: [] });

    const claim = async () => (await volunteer.client.ok(ClaimServiceRequestDocument, { id: req.id })).claimServiceRequest;
    const released = await claim();
    expect(await nodeOrNull(volunteer.client, ServiceRequestNodeDocument, { id: req.id })).toMatchObject({ handoverCode: null, details: '降压药 两盒' });
    await volunteer.client.ok(ReleaseServiceRunDocument, { id: released.id });
    const failed = await claim();
    await volunteer.client.ok(StartServiceRunDocument, { id: failed.id });
    await volunteer.client.ok(FailServiceRunDocument, { id: failed.id, reason: 'NOBODY_HOME' });
    const done = await claim();
    await volunteer.client.ok(StartServiceRunDocument, { id: done.id });
    await volunteer.client.ok(CompleteServiceRunDocument, { id: done.id, handoverCode: req.handoverCode! });
    // DONE, FAILED and RELEASED alike: the request stays in their history, the household does not.
    expect(await nodeOrNull(volunteer.client, ServiceRequestNodeDocument, { id: req.id })).toMatchObject(hiddenFacts);
    expect(await nodeOrNull(volunteer.client, HouseholdNodeDocument, { id: hh })).toBeNull();
    expect(await nodeOrNull(volunteer.client, GridHouseholdsDocument, { id: building })).toMatchObject({ households: [] });
  });
});

describe('who serves a grid', () => {
  it('shows a self-registered volunteer nobody has approved nothing of the open requests of the home grid they named', async () => {
    const req = await request();
    const stranger = await signUpAndSignIn(server, post.village, volunteerRow({ homeGridId: post.gridId }));
    const { requestQueue } = await stranger.ok(RequestQueueDocument, { gridId: post.gridId, day: req.plannedFor });
    expect(requestQueue.flatMap((b) => b.requests)).toEqual([]);
    expect(await nodeOrNull(stranger, ServiceRequestNodeDocument, { id: req.id })).toBeNull();
    expect(await refusal(stranger, ClaimServiceRequestDocument, { id: req.id })).toBe(await refusal(stranger, ClaimServiceRequestDocument, { id: MISSING.request }));
  });

  it('never offers a correction participant to staff outside the office, nor lets them dispatch to one', async () => {
    const req = await request();
    for (const dispatcher of [post.coordinator, worker]) {
      const { node } = await dispatcher.ok(RequestCandidatesDocument, { id: req.id });
      expect((node as { candidates: { id: string }[] }).candidates.map((c) => c.id)).not.toContain(post.participant.id);
      expect(await refusal(dispatcher, DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: post.participant.id } }))
        .toBe(await refusal(dispatcher, DispatchServiceRequestDocument, { id: req.id, target: { volunteerId: MISSING.volunteer } }));
    }
  });
});

describe('correction participants', () => {
  it('does not let a correction team deployed to a grid see or claim its residents requests, so the village never meets its members there', async () => {
    const req = await request();
    const { requestQueue } = await post.participantClient.ok(RequestQueueDocument, { gridId: post.gridId, day: req.plannedFor });
    expect(requestQueue.flatMap((b) => b.requests)).toEqual([]);
    expect(await refusal(post.participantClient, ClaimServiceRequestDocument, { id: req.id }))
      .toBe(await refusal(post.participantClient, ClaimServiceRequestDocument, { id: MISSING.request }));
    expect(await nodeOrNull(post.coordinator, GridVolunteerDocument, { id: post.participant.id })).toBeNull();
  });
});

describe('grid roles stay in their subtree', () => {
  it('lets a grid leader name grid workers below their grid only, never leaders', async () => {
    const v = await insertVolunteer(server, post.village.id);
    await volunteerClient(server, v);
    expect(await leader.codes(GrantGridRoleDocument, { gridId: subA, role: 'GRID_LEADER', volunteerId: v.id })).toEqual(['FORBIDDEN']);
    // The leader sees the village's grids as its volunteer, and may name no one on those outside their subtree.
    expect(await leader.codes(GrantGridRoleDocument, { gridId: subB, role: 'GRID_WORKER', volunteerId: v.id })).toEqual(['FORBIDDEN']);
    expect(await leader.codes(GrantGridRoleDocument, { gridId: post.gridId, role: 'GRID_WORKER', volunteerId: v.id })).toEqual(['FORBIDDEN']);
    await leader.ok(GrantGridRoleDocument, { gridId: building, role: 'GRID_WORKER', volunteerId: v.id });
  });

  it('does not let a grid worker who runs a request prove its delivery themself', async () => {
    const req = await request();
    const { claimServiceRequest: run } = await worker.ok(ClaimServiceRequestDocument, { id: req.id });
    await worker.ok(StartServiceRunDocument, { id: run.id });
    expect(await worker.codes(ConfirmServiceRunDocument, { id: run.id })).toEqual(['FORBIDDEN']);
    expect(await worker.codes(CompleteServiceRunDocument, { id: run.id, handoverCode: req.handoverCode! })).toEqual(['FORBIDDEN']);
    // Another grid worker of the grid records the resident's confirmation.
    await leader.ok(ConfirmServiceRunDocument, { id: run.id });
  });
});
