import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveVolunteerDocument, OrganizationVolunteersDocument, OrganizationsWithVolunteersDocument, RegisterVolunteersDocument, SetVolunteerStatusDocument,
  VolunteerNodeDocument, VolunteersDocument, type VolunteersQueryVariables,
} from '../../../client/generated/graphql';
import { parseGlobalId, toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { joinedBy, type RegisteredVolunteer, registerVolunteer, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle;
let village: OrgHandle;
let office: OrgHandle;
let otherVillage: OrgHandle;
let villageAdmin: GraphQLTestClient;
let villageCoordinator: GraphQLTestClient;
let townCoordinator: GraphQLTestClient;
let officer: GraphQLTestClient;
let otherAdmin: GraphQLTestClient;
/** Registered by the other village only. */
let outsider: RegisteredVolunteer;
/** A correction participant registered by the office, later also registered by the village. */
let participant: RegisteredVolunteer;
/** An ordinary person registered by the other village, later also registered by the village. */
let control: RegisteredVolunteer;
/** A correction participant known to the office only. */
let officeOnly: RegisteredVolunteer;
/** An ordinary volunteer of the village. */
let villager: RegisteredVolunteer;

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

async function list(client: GraphQLTestClient, variables: VolunteersQueryVariables = {}) {
  return (await client.ok(VolunteersDocument, variables)).volunteers;
}

beforeAll(async () => {
  server = await startTestServer({ countQueries: true });
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  otherVillage = await createOrg(server, 'COMMUNITY', '海尾村');
  villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  otherAdmin = await createStaff(server, 'ORG_ADMIN', otherVillage.id);

  outsider = await registerVolunteer(otherAdmin, otherVillage, volunteerRow({ name: '郑秋菊' }));
  participant = await registerVolunteer(officer, office, volunteerRow({ name: '吴永福' }));
  control = await registerVolunteer(otherAdmin, otherVillage, volunteerRow({ name: '施雅婷' }));
  officeOnly = await registerVolunteer(server.admin, office, volunteerRow({ name: '许国栋' }));
  await joinedBy(server, villageAdmin, village, participant, { name: participant.name, mobile: participant.mobile });
  await joinedBy(server, villageAdmin, village, control, { name: control.name, mobile: control.mobile });
  villager = await registerVolunteer(villageAdmin, village, volunteerRow({ name: '陈美玲' }));
});
afterAll(async () => { await server?.stop(); });

describe('staff of one organization and a volunteer of another', () => {
  it('finds no trace of the volunteer through node, lists, searches, counts or the organization', async () => {
    for (const client of [villageAdmin, villageCoordinator, townCoordinator]) {
      expect(await client.codes(VolunteerNodeDocument, { id: outsider.id })).toEqual(['NOT_FOUND']);
      const all = await list(client);
      expect(all.edges.map((e) => e.node.id)).not.toContain(outsider.id);
      expect(all.totalCount).toBe(all.edges.length);
      expect(await list(client, { search: '郑秋' })).toMatchObject({ totalCount: 0, edges: [] });
      expect(await list(client, { search: outsider.mobile.slice(-4) })).toMatchObject({ totalCount: 0 });
      expect(await list(client, { search: outsider.mobile })).toMatchObject({ totalCount: 0 });
      expect(await client.codes(VolunteersDocument, { organizationId: otherVillage.id })).toEqual(['NOT_FOUND']);
      expect(await client.codes(OrganizationVolunteersDocument, { id: otherVillage.id })).toEqual(['NOT_FOUND']);
      expect(await client.codes(ApproveVolunteerDocument, { id: outsider.id })).toEqual(['NOT_FOUND']);
      expect(await client.codes(SetVolunteerStatusDocument, { id: outsider.id, status: 'SUSPENDED' })).toEqual(['NOT_FOUND']);
    }
    const [stored] = await server.sql`select status from volunteers where id = ${dbId(outsider.id)}`;
    expect(stored.status).toBe('ACTIVE');
  });

  it('answers an id of a volunteer that does not exist exactly like one out of scope', async () => {
    const missing = toGlobalId('Volunteer', 999_999);
    expect(await villageAdmin.codes(VolunteerNodeDocument, { id: missing })).toEqual(['NOT_FOUND']);
    expect(await villageAdmin.codes(ApproveVolunteerDocument, { id: missing })).toEqual(['NOT_FOUND']);
  });

  it('shows the volunteer to their own organization by name, by mobile suffix and by full mobile', async () => {
    expect((await list(otherAdmin, { search: '秋菊' })).edges.map((e) => e.node.id)).toEqual([outsider.id]);
    expect((await list(otherAdmin, { search: outsider.mobile.slice(-4) })).edges.map((e) => e.node.id)).toContain(outsider.id);
    expect((await list(otherAdmin, { search: outsider.mobile })).edges.map((e) => e.node.id)).toEqual([outsider.id]);
  });

  it('hides a team of another organization from the team filter', async () => {
    const [{ id: teamId }] = await server.sql`insert into teams (organization_id, name, kind) values (${dbId(otherVillage.id)}, '海尾村网格服务队', 'GRID_SERVICE') returning id`;
    await server.sql`insert into team_memberships (team_id, volunteer_id) values (${teamId}, ${dbId(outsider.id)})`;
    const team = toGlobalId('Team', teamId);
    expect(await villageAdmin.codes(VolunteersDocument, { teamId: team })).toEqual(['NOT_FOUND']);
    expect((await list(otherAdmin, { teamId: team })).edges.map((e) => e.node.id)).toEqual([outsider.id]);
  });
});

describe('community-correction confidentiality', () => {
  it('shows village and town staff a participant the village also registered exactly like a person registered first elsewhere: no registrar, data masked', async () => {
    for (const client of [villageAdmin, villageCoordinator, townCoordinator]) {
      for (const person of [participant, control]) {
        const { node } = await client.ok(VolunteerNodeDocument, { id: person.id });
        expect(node).toMatchObject({ id: person.id, registeredBy: null, mobile: `${person.mobile.slice(0, 3)}****${person.mobile.slice(7)}` });
        const byName = await list(client, { search: person.name });
        expect(byName.edges.map((e) => e.node.registeredBy)).toEqual([null]);
      }
    }
  });

  it('does not let the village admin read or search in full what only the office entered', async () => {
    for (const person of [participant, control]) {
      const { node } = await villageAdmin.ok(VolunteerNodeDocument, { id: person.id });
      expect(node?.__typename === 'Volunteer' && node.idNumber).toBe(`${person.idNumber!.slice(0, 4)}**********${person.idNumber!.slice(-4)}`);
      expect(await list(villageAdmin, { search: person.mobile })).toMatchObject({ totalCount: 0, edges: [] });
    }
  });

  it('keeps the office\'s own participants out of every list, count, search and node for non-correction staff', async () => {
    for (const client of [villageAdmin, villageCoordinator, townCoordinator]) {
      expect(await client.codes(VolunteerNodeDocument, { id: officeOnly.id })).toEqual(['NOT_FOUND']);
      const all = await list(client);
      expect(all.edges.map((e) => e.node.id)).not.toContain(officeOnly.id);
      expect(all.totalCount).toBe(all.edges.length);
      expect(await list(client, { search: '许国栋' })).toMatchObject({ totalCount: 0 });
      expect(await list(client, { search: officeOnly.mobile.slice(-4) })).toMatchObject({ totalCount: 0 });
      expect(await client.codes(VolunteersDocument, { organizationId: office.id })).toEqual(['NOT_FOUND']);
      expect(await client.codes(ApproveVolunteerDocument, { id: officeOnly.id })).toEqual(['NOT_FOUND']);
    }
    const inTown = await list(townCoordinator, { organizationId: town.id });
    expect(inTown.edges.map((e) => e.node.id).sort()).toEqual([participant.id, control.id, villager.id].sort());
    expect(inTown.totalCount).toBe(3);
    const townOffice = await townCoordinator.ok(OrganizationVolunteersDocument, { id: office.id });
    expect(townOffice.node).toMatchObject({ volunteers: { totalCount: 0, edges: [] } });
  });

  it('shows the office\'s participants, with the office as registrar, to its correction officer and the platform admin', async () => {
    for (const client of [officer, server.admin]) {
      const listed = await list(client, { organizationId: office.id });
      expect(listed.edges.map((e) => e.node.id).sort()).toEqual([participant.id, officeOnly.id].sort());
      expect(listed.totalCount).toBe(2);
      expect(listed.edges.every((e) => e.node.registeredBy?.id === office.id)).toBe(true);
      expect((await client.ok(VolunteerNodeDocument, { id: officeOnly.id })).node).toMatchObject({ name: '许国栋' });
      const viaOrg = await client.ok(OrganizationVolunteersDocument, { id: office.id });
      expect(viaOrg.node).toMatchObject({ volunteers: { totalCount: 2 } });
    }
  });

  it('hides a correction team from the team filter of non-correction staff', async () => {
    const [{ id: teamId }] = await server.sql`insert into teams (organization_id, name, kind) values (${dbId(office.id)}, '社区矫正志愿队', 'COMMUNITY_CORRECTION') returning id`;
    await server.sql`insert into team_memberships (team_id, volunteer_id) values (${teamId}, ${dbId(participant.id)})`;
    const team = toGlobalId('Team', teamId);
    expect(await villageCoordinator.codes(VolunteersDocument, { teamId: team })).toEqual(['NOT_FOUND']);
    expect(await townCoordinator.codes(VolunteersDocument, { teamId: team })).toEqual(['NOT_FOUND']);
    expect((await list(officer, { teamId: team })).edges.map((e) => e.node.id)).toEqual([participant.id]);
  });
});

describe('pagination', () => {
  it('walks every volunteer of an organization once with cursors, counting the whole filtered set', async () => {
    const org = await createOrg(server, 'ENTERPRISE', '盼盼集团');
    const admin = await createStaff(server, 'ORG_ADMIN', org.id);
    const rows = Array.from({ length: 7 }, () => volunteerRow());
    const { registerVolunteers } = await admin.ok(RegisterVolunteersDocument, { organizationId: org.id, volunteers: rows });
    const ids = registerVolunteers.results.map((r) => r.volunteer!.id);
    await admin.ok(SetVolunteerStatusDocument, { id: ids[2], status: 'SUSPENDED' });

    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 10; page++) {
      const volunteers = await list(admin, { organizationId: org.id, first: 3, after });
      expect(volunteers.totalCount).toBe(7);
      seen.push(...volunteers.edges.map((e) => e.node.id));
      if (!volunteers.pageInfo.hasNextPage) break;
      after = volunteers.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);

    const active = await list(admin, { organizationId: org.id, status: 'ACTIVE', first: 4 });
    expect(active).toMatchObject({ totalCount: 6, pageInfo: { hasNextPage: true } });
    const rest = await list(admin, { organizationId: org.id, status: 'ACTIVE', first: 4, after: active.pageInfo.endCursor });
    expect([...active.edges, ...rest.edges].map((e) => e.node.id)).toEqual(ids.filter((_, i) => i !== 2));
    expect(rest.pageInfo.hasNextPage).toBe(false);

    const first = await admin.ok(OrganizationVolunteersDocument, { id: org.id, first: 5 });
    const firstPage = first.node?.__typename === 'Organization' ? first.node.volunteers : null;
    expect(firstPage).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true } });
    const second = await admin.ok(OrganizationVolunteersDocument, { id: org.id, first: 5, after: firstPage!.pageInfo.endCursor });
    const secondPage = second.node?.__typename === 'Organization' ? second.node.volunteers : null;
    expect([...firstPage!.edges, ...secondPage!.edges].map((e) => e.node.id)).toEqual(ids);
    const suspended = await admin.ok(OrganizationVolunteersDocument, { id: org.id, status: 'SUSPENDED' });
    expect(suspended.node).toMatchObject({ volunteers: { totalCount: 1, edges: [{ node: { id: ids[2] } }] } });
  });

  it('refuses a page size above the cap and a cursor it did not give out', async () => {
    expect(await villageAdmin.codes(VolunteersDocument, { first: 1001 })).toEqual(['BAD_USER_INPUT']);
    expect(await villageAdmin.codes(VolunteersDocument, { after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
  });
});

describe('statements per request', () => {
  async function statements(run: () => Promise<unknown>): Promise<number> {
    server.queries.length = 0;
    await run();
    return server.queries.length;
  }

  it('resolves a page of volunteers with masked fields and registrars in the same number of statements for 2 or 20', async () => {
    const org = await createOrg(server, 'PROPERTY_MANAGER', '泉铁物业');
    const admin = await createStaff(server, 'ORG_ADMIN', org.id);
    await admin.ok(RegisterVolunteersDocument, { organizationId: org.id, volunteers: Array.from({ length: 20 }, () => volunteerRow()) });
    // Warm up: postgres-js may send a statement twice the first time a connection sees it.
    await list(admin, { organizationId: org.id, first: 2 });
    const small = await statements(() => list(admin, { organizationId: org.id, first: 2 }));
    const large = await statements(() => list(admin, { organizationId: org.id, first: 20 }));
    expect(large).toBeLessThanOrEqual(small + 2);
  });

  it('resolves Organization.volunteers for every organization in a fixed number of statements', async () => {
    await server.admin.ok(OrganizationsWithVolunteersDocument, { first: 5 });
    const before = await statements(() => server.admin.ok(OrganizationsWithVolunteersDocument, { first: 5 }));
    for (let i = 0; i < 3; i++) {
      const org = await createOrg(server, 'ENTERPRISE', `晋工机械 ${i}`);
      await registerVolunteer(server.admin, org);
    }
    const after = await statements(() => server.admin.ok(OrganizationsWithVolunteersDocument, { first: 5 }));
    expect(after).toBeLessThanOrEqual(before + 2);
  });
});
