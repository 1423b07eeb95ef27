import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdjustHoursDocument, ApproveVolunteerDocument, CreateOrganizationDocument, CreateTeamDocument, LoginDocument, OrganizationRecordDocument, RegisterVolunteerRecordsDocument,
  VolunteerRecordDocument, VolunteerRecordsDocument, SetVolunteerStatusDocument, ShiftsDocument, SignUpDocument, VolunteerAssignmentsDocument,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { countRows, registerVolunteer, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { expectCleanErrors } from './issue2-support';

let server: TestServer;
let village: OrgHandle;
let admin: GraphQLTestClient;

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

async function raw(body: unknown, token = admin.token) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...(await response.json() as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
}

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '洋埭村');
  admin = await createStaff(server, 'ORG_ADMIN', village.id);
  for (let i = 0; i < 3; i++) await registerVolunteer(admin, village);
});
afterAll(async () => { await server?.stop(); });

describe('every error carries a known code, no internals, and BAD_USER_INPUT names its field', () => {
  it.each([
    ['a cursor holding a number beyond any id', { after: cursor([1e20]) }, 'after'],
    ['a cursor holding a negative number', { after: cursor([-1]) }, 'after'],
    ['a cursor holding a fraction', { after: cursor([1.5]) }, 'after'],
    ['a cursor holding a string', { after: cursor(['x']) }, 'after'],
    ['a cursor that is not base64 JSON', { after: '%%%' }, 'after'],
    ['a page size below zero', { first: -1 }, 'first'],
    ['a page size above the cap', { first: 100_000 }, 'first'],
    ['a search of 101 characters', { search: 'x'.repeat(101) }, 'search'],
    ['a search holding a NUL character', { search: '林\u0000' }, 'search'],
    ['a search of only LIKE wildcards', { search: '%_%' }, null],
    ['an organization id that is not an id', { organizationId: 'nope' }, 'organizationId'],
    ['a team id that is not an id', { teamId: 'nope' }, 'teamId'],
  ])('answers volunteers() with %s cleanly', async (_what, variables, field) => {
    const response = await admin.request(VolunteerRecordsDocument, variables);
    expectCleanErrors(response);
    if (field) expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    else expect(response.errors ?? []).toEqual([]);
  });

  it('matches a search of LIKE wildcards literally, not as a pattern', async () => {
    const { volunteers } = await admin.ok(VolunteerRecordsDocument, { search: '%' });
    expect(volunteers.totalCount).toBe(0);
  });

  it('answers Organization.volunteers with a cursor beyond any id as BAD_USER_INPUT on after', async () => {
    const response = await admin.request(OrganizationRecordDocument, { id: village.id, after: cursor([1e20]) });
    expectCleanErrors(response);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
  });

  it('answers shifts and Volunteer.assignments with a cursor holding an id beyond any id as BAD_USER_INPUT on after', async () => {
    const [volunteerId] = (await admin.ok(VolunteerRecordsDocument, { first: 1 })).volunteers.edges.map((e) => e.node.id);
    const after = cursor(['2022-04-10T00:00:00.000Z', 1e20]);
    for (const response of [await admin.request(ShiftsDocument, { filter: {}, after }), await admin.request(VolunteerAssignmentsDocument, { id: volunteerId, after })]) {
      expectCleanErrors(response);
      expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
    }
  });

  it('answers login with a NUL character in the mobile as a failed login, not an internal error', async () => {
    const response = await server.anonymous.request(LoginDocument, { mobile: '1390000\u00000000', password: 'whatever-123' });
    expectCleanErrors(response);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers an hour correction whose reason holds a NUL character as BAD_USER_INPUT on reason, writing nothing', async () => {
    const [volunteerId] = (await admin.ok(VolunteerRecordsDocument, { first: 1 })).volunteers.edges.map((e) => e.node.id);
    const before = (await server.sql`select count(*)::int as n from hour_adjustments`)[0].n;
    const response = await admin.request(AdjustHoursDocument, { volunteerId, hours: 1, reason: '补录\u0000' });
    expectCleanErrors(response);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'reason']]);
    expect((await server.sql`select count(*)::int as n from hour_adjustments`)[0].n).toBe(before);
    // Line breaks are fine.
    expect((await admin.ok(AdjustHoursDocument, { volunteerId, hours: 1, reason: '补录\n第二行' })).adjustHours.reason).toBe('补录\n第二行');
  });

  it('names the variable of a value of the wrong type', async () => {
    const response = await raw({ query: 'query ($status: VolunteerStatus) { volunteers(status: $status) { totalCount } }', variables: { status: 'SLEEPING' } });
    expectCleanErrors(response as never);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'status']]);
  });

  it('names the missing required variable', async () => {
    const response = await raw({ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: {} });
    expectCleanErrors(response as never);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'id']]);
  });

  it.each([
    ['a syntax error', { query: '{ me { id ' }],
    ['an unknown field', { query: '{ me { idd } }' }],
    ['a missing argument', { query: '{ node { id } }' }],
    ['no query at all', { variables: {} }],
  ])('answers %s with BAD_USER_INPUT naming a field and no stack trace', async (_what, body) => {
    const response = await raw(body);
    expectCleanErrors(response as never);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses more directives than the limit, and a batch of operations, with BAD_USER_INPUT and no data', async () => {
    const directives = await raw({ query: `{ me { id ${Array.from({ length: 60 }, () => '@include(if: true)').join(' ')} } }` });
    expectCleanErrors(directives as never);
    expect(new Set(directives.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(directives.errors?.some((e) => /directive/i.test(e.message) && /limit|exceed/i.test(e.message))).toBe(true);
    expect(directives.data ?? null).toBeNull();
    const batch = await raw([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expectCleanErrors(batch as never);
    expect(batch.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a body that is not JSON, and one over the size limit, with BAD_USER_INPUT on the body', async () => {
    for (const [body, status] of [['{not json', 400], [JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(3 * 1024 * 1024) } }), 413]] as const) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const json = await response.json() as { errors: { extensions: Record<string, unknown> }[] };
      expect({ status: response.status, extensions: json.errors.map((e) => e.extensions) }).toEqual({ status, extensions: [{ code: 'BAD_USER_INPUT', field: 'body' }] });
    }
  });

  it('answers an id that is not an id as BAD_USER_INPUT on that argument, and a well-formed unknown id as NOT_FOUND', async () => {
    for (const [document, vars, field] of [
      [ApproveVolunteerDocument, { id: '###' }, 'id'],
      [SetVolunteerStatusDocument, { id: 'bm9wZQ', status: 'ACTIVE' }, 'id'],
      [CreateTeamDocument, { organizationId: toGlobalId('Organization', 1).slice(0, -1) + '!', name: 'x', kind: 'OTHER' }, 'organizationId'],
    ] as const) {
      const response = await admin.request(document as typeof ApproveVolunteerDocument, vars as never);
      expectCleanErrors(response);
      expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    }
    for (const id of [toGlobalId('Volunteer', 2_147_483_647), toGlobalId('Team', 5), 'garbage']) {
      const response = await admin.request(VolunteerRecordDocument, { id });
      expectCleanErrors(response);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
  });

  it('answers a volunteer id given where an organization id belongs like an organization that does not exist', async () => {
    const [volunteerId] = (await admin.ok(VolunteerRecordsDocument, { first: 1 })).volunteers.edges.map((e) => e.node.id);
    const wrongType = await admin.request(VolunteerRecordsDocument, { organizationId: volunteerId });
    const missing = await admin.request(VolunteerRecordsDocument, { organizationId: toGlobalId('Organization', 2_000_000_000) });
    expect(wrongType.errors?.map((e) => e.extensions)).toEqual(missing.errors?.map((e) => e.extensions));
  });

  it('changes nothing when an organization, a team or a sign-up is refused for bad input', async () => {
    const before = { ...(await countRows(server)), orgs: (await server.sql`select count(*)::int as n from organizations`)[0].n, teams: (await server.sql`select count(*)::int as n from teams`)[0].n };
    const answers = [
      await server.admin.request(CreateOrganizationDocument, { name: '  ', kind: 'COMMUNITY' }),
      await server.admin.request(CreateOrganizationDocument, { name: '新\u0007村', kind: 'COMMUNITY' }),
      await admin.request(CreateTeamDocument, { organizationId: village.id, name: '', kind: 'OTHER' }),
      await server.anonymous.request(SignUpDocument, { input: { volunteer: volunteerRow({ mobile: '123' }), organizationId: village.id, password: 'long-enough-1', consent: true } }),
      await server.anonymous.request(SignUpDocument, { input: { volunteer: volunteerRow(), organizationId: village.id, password: 'short', consent: true } }),
      await server.anonymous.request(SignUpDocument, { input: { volunteer: volunteerRow(), organizationId: village.id, password: 'long-enough-1', consent: false } }),
      await admin.request(RegisterVolunteerRecordsDocument, { organizationId: village.id, volunteers: [volunteerRow({ name: '\u0000' })] }),
    ];
    for (const response of answers) expectCleanErrors(response);
    expect(answers.slice(0, 6).map((r) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'name'], ['BAD_USER_INPUT', 'name'], ['BAD_USER_INPUT', 'name'],
      ['BAD_USER_INPUT', 'input.volunteer.mobile'], ['BAD_USER_INPUT', 'input.password'], ['BAD_USER_INPUT', 'input.consent'],
    ]);
    const after = { ...(await countRows(server)), orgs: (await server.sql`select count(*)::int as n from organizations`)[0].n, teams: (await server.sql`select count(*)::int as n from teams`)[0].n };
    expect(after).toEqual(before);
  });
});
