import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../../server/schema';
import { contextFor, viewerFromAuthorization } from '../../../server/context';
import { executeOperation, type Planners } from '../../../server/platform/compiled-execution';
import { PLANNERS } from '../../../server/planners';
import type { Context } from '../../../server/context';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { correctionPost, type CorrectionPost } from '../../support/factories/correction';
import { createShift, insertAssignment, registerPerson, signInAs, type SetupStatus } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

/**
 * The roster page's planner (shift-list.planner.ts) against the resolvers it stands in for: the
 * same operation, executed both ways in-process over the same rows, must give the same answer —
 * data, masking, order, errors — for every kind of viewer.
 */
const DAY = '2022-04-10';
const RESOLVERS_ONLY: Planners<Context> = { query: {} };

const PAGE = `query($day: Date!, $first: Int, $after: String) {
  shifts(filter: { range: { from: $day, to: $day } }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { title filled waitlisted roster { status volunteer { name mobile } } } }
  }
}`;

const EVERYTHING = `query($day: Date!, $grid: ID) {
  page: shifts(filter: { gridId: $grid, range: { from: $day, to: $day } }, first: 3) {
    __typename totalCount pageInfo { endCursor hasNextPage }
    edges { cursor node { __typename id ...Plain seats: roster(first: 2) { id status } roster {
      __typename id status createdAt checkedInAt checkedOutAt hours volunteer { __typename id name mobile partyMember skills }
    } } }
  }
}
fragment Plain on Shift { title duty location startsAt endsAt capacity filled waitlisted requiredSkills requiresPartyMember status cancelReason }`;

/** Asks for Volunteer.status, which only its resolver answers: the whole operation goes to the resolvers. */
const UNPLANNED = `query($day: Date!) { shifts(filter: { range: { from: $day, to: $day } }) { edges { node { roster { volunteer { status } } } } } }`;

const BAD_GRID = `query($day: Date!) { shifts(filter: { gridId: "not-a-grid", range: { from: $day, to: $day } }) { totalCount } }`;

let server: TestServer;
let post: CorrectionPost;
let viewers: Record<string, GraphQLTestClient>;
let otherGrid: string;

beforeAll(async () => {
  server = await startTestServer({ countQueries: true });
  post = await correctionPost(server);
  // Four-hour shifts through the day (Asia/Shanghai), so nobody holds two at once.
  const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00+08:00`).toISOString();
  const [busy, full, quiet] = await Promise.all([
    createShift(post.coordinator, post.gridId, { title: '卡口 A', startsAt: at('06:00'), capacity: 5 }),
    createShift(post.coordinator, post.gridId, { title: '卡口 B', startsAt: at('10:30'), capacity: 1 }),
    createShift(post.coordinator, post.gridId, { title: '卡口 C', startsAt: at('15:00') }),
  ]);
  const neighbours = await Promise.all(['林一', '林二', '林三'].map((name) => registerPerson(server, post.village.id, name)));
  const put = async (shiftId: string, personDbId: number, status: SetupStatus) => insertAssignment(server, shiftId, personDbId, status);
  await put(busy.id, post.villager.dbId, 'CHECKED_IN');
  await put(busy.id, post.participant.dbId, 'ASSIGNED');
  await put(busy.id, neighbours[0].dbId, 'NO_SHOW');
  await put(busy.id, neighbours[1].dbId, 'CANCELLED');
  await put(busy.id, neighbours[2].dbId, 'COMPLETED');
  await put(full.id, neighbours[0].dbId, 'ASSIGNED');
  await put(full.id, neighbours[2].dbId, 'WAITLISTED');
  await put(full.id, post.participant.dbId, 'WAITLISTED');
  expect(quiet.id).toBeTruthy();
  // The correction office's own post: its roster is its officers' alone.
  const officeGrid = (await createGrid(server.admin, post.office.id, '矫正网格', 'GRID')).id;
  const officeShift = await createShift(server.admin, officeGrid, { title: '矫正公益', startsAt: at('19:30') });
  await put(officeShift.id, post.participant.dbId, 'ASSIGNED');
  // Another tenant on the same day, with a coordinator and an org admin of its own.
  const town = await createOrg(server, 'COMMUNITY', '龙湖镇');
  otherGrid = (await createGrid(server.admin, town.id, '龙湖网格', 'GRID')).id;
  const theirs = await createShift(server.admin, otherGrid, { title: '龙湖卡口', startsAt: at('06:00') });
  const local = await registerPerson(server, town.id, '许八');
  await put(theirs.id, local.dbId, 'ASSIGNED');
  viewers = {
    'platform admin': server.admin,
    coordinator: post.coordinator,
    'village org admin': await createStaff(server, 'ORG_ADMIN', post.village.id),
    'another tenant': await createStaff(server, 'COORDINATOR', town.id),
    'correction officer': post.officer,
    'volunteer (the participant)': post.participantClient,
    'volunteer (a villager)': await signInAs(server, neighbours[0]),
  };
});
afterAll(async () => { await server?.stop(); });

/** What a client reads: data, then each error's message, path and code. */
function answer(result: ExecutionResult): unknown {
  return { data: result.data, errors: result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) };
}

async function both(client: GraphQLTestClient, query: string, variables: Record<string, unknown>) {
  const schema = await buildAppSchema();
  const viewer = await viewerFromAuthorization(server.deps, `Bearer ${client.token}`);
  const document = parse(query);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const run = async (planners: Planners<Context>) => {
    server.queries.length = 0;
    const result = await executeOperation(schema, planners, { document, operation, variables, context: contextFor(server.deps, viewer) });
    return { answer: answer(result), statements: server.queries.length };
  };
  return { planned: await run(PLANNERS), resolved: await run(RESOLVERS_ONLY) };
}

describe('the roster page planner', () => {
  it('answers the roster page exactly as the resolvers do for every kind of viewer, in at most four statements', async () => {
    const mobiles = new Set<string>();
    for (const [who, client] of Object.entries(viewers)) {
      const { planned, resolved } = await both(client, PAGE, { day: DAY });
      expect(planned.answer, who).toEqual(resolved.answer);
      expect(planned.statements, who).toBeLessThanOrEqual(4);
      expect(planned.statements, who).toBeLessThan(resolved.statements);
      for (const m of JSON.stringify(planned.answer).match(/1\d{2}(\*{4}|\d{4})\d{4}/g) ?? []) mobiles.add(m.includes('*') ? 'masked' : 'plain');
    }
    // Both forms occurred, so the comparison covered masking and plaintext alike.
    expect([...mobiles].sort()).toEqual(['masked', 'plain']);
  });

  it('answers aliases, fragments, ids, typenames, roster(first) and a grid filter as the resolvers do', async () => {
    for (const [who, client] of Object.entries(viewers)) {
      for (const grid of [post.gridId, otherGrid, null]) {
        const { planned, resolved } = await both(client, EVERYTHING, { day: DAY, grid });
        expect(planned.answer, `${who} on ${grid}`).toEqual(resolved.answer);
        // Planned, not fallen back: the page's two statements, the rosters, the waitlists (one more to check a named grid).
        expect(planned.statements, `${who} on ${grid}`).toBeLessThanOrEqual(grid ? 5 : 4);
      }
    }
  });

  it('pages with the same cursors both ways', async () => {
    const first = await both(post.coordinator, PAGE, { day: DAY, first: 1 });
    expect(first.planned.answer).toEqual(first.resolved.answer);
    const { endCursor } = (first.planned.answer as { data: { shifts: { pageInfo: { endCursor: string } } } }).data.shifts.pageInfo;
    const second = await both(post.coordinator, PAGE, { day: DAY, first: 1, after: endCursor });
    expect(second.planned.answer).toEqual(second.resolved.answer);
  });

  it('leaves errors and fields it does not know to the resolvers, with their answer', async () => {
    for (const query of [BAD_GRID, UNPLANNED]) {
      const { planned, resolved } = await both(post.coordinator, query, { day: DAY });
      expect(planned.answer).toEqual(resolved.answer);
    }
    const bad = await both(post.coordinator, BAD_GRID, { day: DAY });
    expect((bad.planned.answer as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('serves the planned answer over HTTP: the viewer is read, then the same statements run', async () => {
    const { planned } = await both(post.coordinator, PAGE, { day: DAY });
    const ask = (query: string, variables: Record<string, unknown> = {}) => fetch(server.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${post.coordinator.token}` },
      body: JSON.stringify({ query, variables }),
    }).then((r) => r.json() as Promise<{ data: unknown }>);
    server.queries.length = 0;
    await ask('{ __typename }');
    const viewerReads = server.queries.length;
    server.queries.length = 0;
    const body = await ask(PAGE, { day: DAY });
    expect({ data: body.data, errors: undefined }).toEqual(planned.answer);
    expect(server.queries.length).toBe(viewerReads + planned.statements);
  });
});
