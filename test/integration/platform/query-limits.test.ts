import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import {
  Kind, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, parse, typeFromAST,
  type GraphQLFormattedError, type GraphQLInputType, type OperationDefinitionNode,
} from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CapGridDocument, CapGridsDocument, CapOrganizationsDocument, CapOrganizationTeamsDocument, CapRolesDocument, CapShiftDocument, CapTallyDocument,
  CapTeamMembersDocument, CapVolunteerTeamsDocument, DeepRosterDocument, MeDocument, OrganizationsWithTeamsDocument,
} from '../../../client/generated/graphql';
import type { GraphQLTestClient } from '../../support/client';
import { createStaff } from '../../support/factories';
import { toGlobalId } from '../../../server/platform/ids';
import { startTestServer, type TestServer } from '../../support/harness';
import { wsClient, wsOnce } from '../../support/ws';
import { createPlace, createShift, createVolunteers, seatDirectly } from '../../support/factories/assignments';
import { createTeam, dbId, type TeamHandle } from '../../support/factories/teams';
import { buildAppSchema } from '../../../server/schema';
import { costRefusal, isObjectList, MAX_QUERY_COST } from '../../../server/platform/limits';
import { ConfigError, loadConfig } from '../../../server/config';

/** The probe's 149-byte query: round the organizations → teams → members → volunteer → teams cycle twice. */
const TEAM_CYCLE = '{organizations{teams{members{volunteer{teams{team{members{volunteer{teams{team{members{role}}}}}}}}}}}}';
const ALIASED_CYCLES = `{${Array.from({ length: 30 }, (_, i) => `a${i}:${TEAM_CYCLE.slice(1, -1)}`).join(' ')}}`;

let server: TestServer;
/** Production, with a 1 s deadline and a 10 kB response cap. */
let strict: TestServer;
beforeAll(async () => {
  [server, strict] = await Promise.all([
    startTestServer({ countQueries: true }),
    startTestServer({ production: true, config: { queryTimeoutMs: 1000, maxResponseBytes: 10_000 } }),
  ]);
  // Enough data that the cycle above would fan out: two organizations' teams sharing members.
  for (const n of [1, 2]) {
    const place = await createPlace(server);
    const teams = [await createTeam(server, place.org, 'GRID_SERVICE', `网格服务队 ${n}`), await createTeam(server, place.org, 'OTHER', `宣传队 ${n}`)];
    await joinTeams(await createVolunteers(server, 3, { organizationId: place.orgId }), teams);
  }
});

/** Every volunteer into every team, in one statement. */
async function joinTeams(volunteers: { dbId: number }[], teams: TeamHandle[]): Promise<void> {
  await server.sql`insert into team_memberships (team_id, volunteer_id)
    select t, v from unnest(${teams.map((t) => dbId(t.id))}::int[]) t, unnest(${volunteers.map((v) => v.dbId)}::int[]) v`;
}
afterAll(async () => {
  await server?.stop();
  await strict?.stop();
});

type Body = { data?: unknown; errors?: GraphQLFormattedError[] };

async function post(target: TestServer, body: Record<string, unknown>, token = tokenOf(target)): Promise<Body & { status: number }> {
  const response = await fetch(target.url, {
    method: 'POST',
    // English, like the typed clients, so the messages below read in one language.
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { ...(await response.json() as Body), status: response.status };
}

function tokenOf(target: TestServer): string {
  return (target.admin as unknown as { token: string }).token;
}

function document(source: string): TypedDocumentNode<Record<string, unknown>, Record<string, unknown>> {
  return parse(source) as TypedDocumentNode<Record<string, unknown>, Record<string, unknown>>;
}

/** Runs one operation over a fresh admin socket after a first cheap one, counting the SQL the second sent. */
async function overSocket(target: TestServer, source: string, variables?: Record<string, unknown>) {
  // The socket stays open between the two operations, so authenticating it is not counted.
  const client = wsClient(target.wsUrl, tokenOf(target), 'en', { lazyCloseTimeout: 60_000 });
  try {
    await wsOnce(client, MeDocument);
    target.queries.length = 0;
    const result = await wsOnce(client, document(source), variables);
    return { ...result, statements: target.queries.length };
  } finally {
    await client.dispose();
  }
}

/** SQL statements an HTTP request sent (authenticating the caller included). */
async function statementsOf(request: () => Promise<unknown>): Promise<number> {
  server.queries.length = 0;
  await request();
  return server.queries.length;
}

/** A value for a required variable (optional ones are left out, so defaults apply). */
function sample(type: GraphQLInputType): unknown {
  if (!isNonNullType(type)) return undefined;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(Object.values(inner.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  }
  return ({ Int: 1, Float: 1, Boolean: true, Date: '2030-01-01', DateTime: '2030-01-01T00:00:00Z' } as Record<string, unknown>)[inner.name] ?? 'x';
}

function expectTooCostly(errors: readonly GraphQLFormattedError[] | undefined) {
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', reason: 'QUERY_TOO_COSTLY', maxCost: MAX_QUERY_COST });
  expect(errors![0].message).toMatch(/too costly.*the limit is 200,000/);
}

describe('the query cost', () => {
  it('refuses the organizations → teams → members cycle before resolving anything over HTTP', async () => {
    // What authenticating the caller costs: a query that fails validation sends that and nothing else.
    const baseline = await statementsOf(() => post(server, { query: '{ organizationz { id } }' }));
    let body: Body = {};
    const statements = await statementsOf(async () => { body = await post(server, { query: TEAM_CYCLE }); });
    expectTooCostly(body.errors);
    expect(body.data ?? null).toBeNull();
    expect(statements).toBe(baseline);
    expect(await statementsOf(() => post(server, { query: TEAM_CYCLE }, ''))).toBe(0);
  });

  it('refuses thirty aliased copies of the cycle the same way', async () => {
    const baseline = await statementsOf(() => post(server, { query: '{ organizationz { id } }' }));
    let body: Body = {};
    const statements = await statementsOf(async () => { body = await post(server, { query: ALIASED_CYCLES }); });
    expectTooCostly(body.errors);
    expect(statements).toBe(baseline);
  });

  it('refuses the cycle and its aliased copies over graphql-ws without sending SQL', async () => {
    for (const query of [TEAM_CYCLE, ALIASED_CYCLES]) {
      const result = await overSocket(server, query);
      expectTooCostly(result.errors);
      expect(result.statements).toBe(0);
    }
  });

  it('prices a page by its first, from the variables too, so a shallow query with big pages is refused', async () => {
    const query = `query Pages($n: Int!) { volunteers(first: $n) { edges { node { id assignments(first: $n) { edges { node { id } } } } } } }`;
    expectTooCostly((await post(server, { query, variables: { n: 1000 } })).errors);
    expectTooCostly((await overSocket(server, query, { n: 1000 })).errors);
    // The same shape with pages a screen asks for runs; a page over the limit is refused by name.
    expect((await post(server, { query, variables: { n: 20 } })).errors).toBeUndefined();
    const huge = await post(server, { query: '{ volunteers(first: 1000000) { edges { node { id } } } }' });
    expect(huge.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'first']]);
  });

  it('refuses a short document whose fragments spread into more fields than can be priced', async () => {
    const fragments = Array.from({ length: 4 }, (_, i) => `fragment F${i} on Organization { ${`...F${i + 1} `.repeat(10)}}`);
    const query = `{ organizations { ...F0 } } ${fragments.join(' ')} fragment F4 on Organization { id name }`;
    const { errors } = await post(server, { query });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
    expect(errors?.[0]?.message).toMatch(/expands to more than 5,000 fields/);
  });

  it('accepts the deepest roster screen: shifts → roster → volunteer → teams → team → organization', async () => {
    const place = await createPlace(server);
    const team = await createTeam(server, place.org, 'PARTY_BRANCH', '党员先锋队');
    const shift = await createShift(server, place.gridId, { capacity: 3 });
    const volunteers = await createVolunteers(server, 4, { organizationId: place.orgId });
    await joinTeams(volunteers, [team]);
    await seatDirectly(server, [shift], volunteers, 3, 1);
    const { shifts } = await server.admin.ok(DeepRosterDocument, { filter: { gridId: place.gridId } });
    const roster = shifts.edges.find((e) => e.node.id === shift.id)!.node.roster;
    expect(roster.map((a) => a.status)).toEqual(['ASSIGNED', 'ASSIGNED', 'ASSIGNED', 'WAITLISTED']);
    expect(roster[0].volunteer.teams[0].team.organization.name).toBe(place.org.name);
    expect((await server.admin.request(OrganizationsWithTeamsDocument)).errors).toBeUndefined();
  });

  it('lets every operation the client ships run within the cost limit, with its variables left to their defaults', async () => {
    const schema = await buildAppSchema();
    const dir = new URL('../../../client/operations/', import.meta.url);
    const refused: string[] = [];
    let priced = 0;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.graphql'))) {
      const source = parse(readFileSync(new URL(file, dir), 'utf8'));
      for (const operation of source.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
        const variables = Object.fromEntries((operation.variableDefinitions ?? [])
          .map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType)]));
        const refusal = costRefusal(schema, { document: source, variables, operationName: operation.name?.value });
        if (refusal) refused.push(`${file} ${operation.name?.value}: ${refusal.message}`);
        priced++;
      }
    }
    expect(refused).toEqual([]);
    expect(priced).toBeGreaterThan(50);
  });

  it('gives every list of objects in the schema a declared cost', async () => {
    const schema = await buildAppSchema();
    const undeclared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (isObjectList(field.type) && field.extensions.complexity === undefined) undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('caps every plain list of objects with a first argument whose default is the cap', async () => {
    const schema = await buildAppSchema();
    // Lists priced through their parent: a connection's edges, one result per row sent (and the
    // handful of differences a row can have, one per field a sheet carries).
    const pricedByParent = new Set(['RegisterVolunteersPayload.results', 'RegistrationResult.differences', 'Mutation.createShiftRotation']);
    const uncapped: string[] = [];
    for (const type of [schema.getQueryType()!, ...Object.values(schema.getTypeMap())]) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Subscription') continue;
      for (const field of Object.values(type.getFields())) {
        const list = isNonNullType(field.type) ? field.type.ofType : field.type;
        const connectionEdges = type.name.endsWith('Connection') && field.name === 'edges';
        if (!isListType(list) || !isObjectList(field.type) || connectionEdges || pricedByParent.has(`${type.name}.${field.name}`)) continue;
        const first = field.args.find((arg) => arg.name === 'first');
        if (typeof first?.defaultValue !== 'number' || first.defaultValue > 5000) uncapped.push(`${type.name}.${field.name}`);
      }
    }
    expect([...new Set(uncapped)]).toEqual([]);
  });
});

describe('capped lists', () => {
  let place: Awaited<ReturnType<typeof createPlace>>;
  let firstTeam: TeamHandle;
  let volunteerId: string;
  let shiftId: string;
  let staff: GraphQLTestClient & { mobile: string };

  /** Past every cap, with SQL: the organizations, grids, teams, members, roster and grants of one place. */
  beforeAll(async () => {
    place = await createPlace(server);
    const grid = dbId(place.gridId);
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    shiftId = shift.id;
    staff = await createStaff(server, 'COORDINATOR', place.org.id);
    await server.sql.begin(async (sql) => {
      await sql`insert into organizations (name, kind, parent_id) select 'Enterprise ' || n, 'ENTERPRISE', ${place.orgId} from generate_series(1, 1001) n`;
      await sql`insert into role_grants (account_id, role, organization_id)
        select a.id, 'COORDINATOR', o.id from accounts a, organizations o where a.mobile = ${staff.mobile} and o.parent_id = ${place.orgId}`;
      await sql`insert into grids (name, level, organization_id) select 'Top ' || n, 'VILLAGE', ${place.orgId} from generate_series(1, 501) n`;
      await sql`insert into grids (name, level, organization_id, parent_id) select 'Child ' || n, 'SUB_GRID', ${place.orgId}, ${grid} from generate_series(1, 501) n`;
      await sql`insert into grids (name, level, organization_id, parent_id)
        select 'Building ' || n, 'BUILDING', ${place.orgId}, (select min(id) from grids where parent_id = ${grid}) from generate_series(1, 4500) n`;
      await sql`insert into zone_changes (grid_id, zone) select ${grid}, 'PREVENTION' from generate_series(1, 501)`;
      await sql`insert into teams (organization_id, name, kind) select ${place.orgId}, 'Squad ' || lpad(n::text, 4, '0'), 'OTHER' from generate_series(1, 501) n`;
      await sql`insert into deployments (team_id, grid_id, starts_on)
        select t.id, ${grid}, date '2030-01-01' + row_number() over (order by t.id)::int from teams t where t.organization_id = ${place.orgId} limit 201`;
      await sql`insert into shift_eligible_teams (shift_id, team_id) select ${shift.dbId}, id from teams where organization_id = ${place.orgId} order by id limit 101`;
      const people = await sql<{ id: number }[]>`insert into volunteers (name, mobile, registered_by)
        select 'Resident ' || n, '166' || lpad(n::text, 8, '0'), ${place.orgId} from generate_series(1, 2001) n returning id`;
      const ids = people.map((p) => p.id);
      await sql`insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) select v, ${place.orgId}, now() from unnest(${ids}::int[]) v`;
      const [team] = await sql<{ id: number }[]>`select min(id) as id from teams where organization_id = ${place.orgId}`;
      await sql`insert into team_memberships (team_id, volunteer_id) select ${team.id}, v from unnest(${ids.slice(0, 1001)}::int[]) v`;
      await sql`insert into team_memberships (team_id, volunteer_id)
        select id, ${ids[1]} from teams where organization_id = ${place.orgId} and id <> ${team.id} order by id limit 50`;
      await sql`insert into assignments (shift_id, volunteer_id, status, period, waitlist_seq)
        select s.id, v, 'WAITLISTED', tstzrange(s.starts_at, s.ends_at, '[)'), nextval('assignment_waitlist_seq')
          from shifts s, unnest(${ids}::int[]) v where s.id = ${shift.dbId}`;
      firstTeam = { id: toGlobalId('Team', team.id), name: 'Squad 0001', kind: 'OTHER' };
      volunteerId = toGlobalId('Volunteer', ids[1]);
    });
  });

  const lengths = async (first?: number | null) => {
    const { admin } = server;
    const [orgs, grids, grid, teams, members, volunteer, shift, tally] = await Promise.all([
      admin.ok(CapOrganizationsDocument, { first }),
      admin.ok(CapGridsDocument, { first }),
      admin.ok(CapGridDocument, { id: place.gridId, first }),
      admin.ok(CapOrganizationTeamsDocument, { id: place.org.id, first }),
      admin.ok(CapTeamMembersDocument, { id: firstTeam.id, first }),
      admin.ok(CapVolunteerTeamsDocument, { id: volunteerId, first }),
      admin.ok(CapShiftDocument, { id: shiftId, first }),
      admin.ok(CapTallyDocument, { first }),
    ]);
    const { me } = await staff.ok(CapRolesDocument, { first });
    const node = <T>(n: unknown) => n as T;
    const g = node<{ children: unknown[]; subtree: unknown[]; deployments: unknown[]; zoneHistory: unknown[] }>(grid.node);
    const s = node<{ roster: unknown[]; eligibleTeams: unknown[] }>(shift.node);
    return {
      organizations: orgs.organizations.length, grids: grids.grids.length, children: g.children.length, subtree: g.subtree.length,
      deployments: g.deployments.length, zoneHistory: g.zoneHistory.length, teams: node<{ teams: unknown[] }>(teams.node).teams.length,
      members: node<{ members: unknown[] }>(members.node).members.length, volunteerTeams: node<{ teams: unknown[] }>(volunteer.node).teams.length,
      roster: s.roster.length, eligibleTeams: s.eligibleTeams.length, roles: me.roles.length, tally: tally.tally.length,
    };
  };

  it('returns at most each cap, which is also what first defaults to', async () => {
    const caps = {
      organizations: 1000, grids: 500, children: 500, subtree: 5000, deployments: 200, zoneHistory: 500, teams: 500,
      members: 1000, volunteerTeams: 50, roster: 2000, eligibleTeams: 100, roles: 100,
    };
    const { tally, ...capped } = await lengths();
    expect(capped).toEqual(caps);
    expect(tally).toBeLessThanOrEqual(5000);
  });

  it('returns the first few when asked for fewer', async () => {
    const { tally, ...few } = await lengths(3);
    expect(Object.values(few).every((n) => n === 3)).toBe(true);
    expect(tally).toBeLessThanOrEqual(3);
  });

  it('answers a first over the cap or below zero with BAD_USER_INPUT on first', async () => {
    for (const first of [1001, -1]) {
      const { errors } = await server.admin.request(CapOrganizationsDocument, { first });
      expect(errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'first']]);
    }
    const { errors } = await server.admin.request(CapVolunteerTeamsDocument, { id: volunteerId, first: 51 });
    expect(errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

/** Holds `table` locked (ACCESS EXCLUSIVE) while `work` runs, so every statement touching it waits. */
async function whileLocked<T>(target: TestServer, table: string, work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => { locked = resolve; });
  const holder = target.sql.begin(async (sql) => {
    await sql.unsafe(`lock table ${table} in access exclusive mode`);
    locked();
    await released;
  });
  await isLocked;
  try {
    return await work();
  } finally {
    release();
    await holder;
  }
}

function expectTimeout(errors: readonly GraphQLFormattedError[] | undefined) {
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', reason: 'QUERY_TIMEOUT', queryTimeoutMs: 1000 });
  expect(errors![0].message).toMatch(/time limit of 1000 ms/);
}

describe('the deadline', () => {
  it('answers a query held up past its deadline with one QUERY_TIMEOUT error, over HTTP and graphql-ws', async () => {
    await strict.sql`insert into organizations (name, kind) values ('Slow town', 'GOVERNMENT')`;
    const query = '{ organizations { id teams { id } } }';
    const [http, socket] = await whileLocked(strict, 'teams', () => Promise.all([post(strict, { query }), overSocket(strict, query)]));
    expectTimeout(http.errors);
    expectTimeout(socket.errors);
    expect(http.data ?? null).toBeNull();
  });

  it('resolves nothing after the deadline: a later mutation in the same document never runs', async () => {
    const [{ id: orgId }] = await strict.sql<{ id: number }[]>`insert into organizations (name, kind) values ('Deadline town', 'GOVERNMENT') returning id`;
    const org = toGlobalId('Organization', orgId);
    const query = `mutation { a: createTeam(organizationId: "${org}", name: "Late team", kind: OTHER) { id }
      b: createOrganization(name: "Never created", kind: ENTERPRISE) { id } }`;
    const body = await whileLocked(strict, 'teams', () => post(strict, { query }));
    expectTimeout(body.errors);
    const [{ n }] = await strict.sql<{ n: number }[]>`select count(*)::int as n from organizations where name = 'Never created'`;
    expect(n).toBe(0);
    const [{ teams }] = await strict.sql<{ teams: number }[]>`select count(*)::int as teams from teams where name = 'Late team'`;
    expect(teams).toBe(0);
  });
});

describe('the response cap', () => {
  beforeAll(async () => {
    await strict.sql`insert into organizations (name, kind) select 'A fairly long organization name ' || n, 'ENTERPRISE' from generate_series(1, 400) n`;
  });

  it('refuses a response over the cap with RESPONSE_TOO_LARGE over HTTP and graphql-ws', async () => {
    const http = await strict.admin.request(CapOrganizationsDocument, {});
    const socket = await overSocket(strict, 'query { organizations { id } }');
    for (const { data, errors } of [http, socket]) {
      expect(data ?? null).toBeNull();
      expect(errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'query', reason: 'RESPONSE_TOO_LARGE', maxResponseBytes: 10_000 }]);
    }
    expect((await strict.admin.ok(CapOrganizationsDocument, { first: 20 })).organizations).toHaveLength(20);
  });
});

describe('introspection', () => {
  const query = '{ __schema { queryType { name } } }';

  it('is refused over graphql-ws in production, as over HTTP', async () => {
    for (const { errors, data } of [await overSocket(strict, query), await post(strict, { query })]) {
      expect(data ?? null).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers over graphql-ws in development', async () => {
    expect((await overSocket(server, query)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('automatic persisted queries', () => {
  const query = '{ me { displayName } }';
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const persisted = (hash: string, version = 1) => ({ persistedQuery: { version, sha256Hash: hash } });

  it('answers a hash that does not match the query with BAD_USER_INPUT and logs no error', async () => {
    const logged = vi.spyOn(server.deps.logger, 'error');
    try {
      const body = await post(server, { query, extensions: persisted('0'.repeat(64)) });
      expect(body.status).toBe(400);
      expect(body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery.sha256Hash', reason: 'PERSISTED_QUERY_HASH_MISMATCH' }]);
      const version = await post(server, { query, extensions: persisted(sha256Hash, 2) });
      expect(version.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery.version' });
      const unknown = await post(server, { extensions: persisted('1'.repeat(64)) });
      expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['PersistedQueryNotFound', 'BAD_USER_INPUT']]);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('still registers a matching query and serves it by hash', async () => {
    expect((await post(server, { query, extensions: persisted(sha256Hash) })).data).toEqual({ me: { displayName: expect.any(String) } });
    expect((await post(server, { extensions: persisted(sha256Hash) })).data).toEqual({ me: { displayName: expect.any(String) } });
  });
});

describe('settings', () => {
  it('reads the deadline and the response cap from the environment, with defaults, and refuses nonsense', () => {
    const KEYS = { GRIDROSTER_SECRET: 's'.repeat(32), GRIDROSTER_DATA_KEYS: `k1:${'d'.repeat(32)}` };
    expect(loadConfig(KEYS)).toMatchObject({ queryTimeoutMs: 10_000, maxResponseBytes: 8 * 1024 * 1024 });
    expect(loadConfig({ ...KEYS, GRIDROSTER_QUERY_TIMEOUT_MS: '2500', GRIDROSTER_MAX_RESPONSE_BYTES: '65536' }))
      .toMatchObject({ queryTimeoutMs: 2500, maxResponseBytes: 65536 });
    for (const bad of ['0', '-5', '1.5', 'soon']) {
      expect(() => loadConfig({ ...KEYS, GRIDROSTER_QUERY_TIMEOUT_MS: bad })).toThrow(ConfigError);
    }
  });
});
