import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateOrganizationDocument, OrganizationsDocument, OrganizationRecordDocument, type OrganizationKind,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { startTestServer, type TestServer } from '../../support/harness';
import { expectCleanErrors, expectSameAnswer } from './issue2-support';

let server: TestServer;
let town: OrgHandle;
let village: OrgHandle;
let other: OrgHandle;

const KINDS: OrganizationKind[] = [
  'PARTY_ORGANIZATION', 'CHAMBER_OF_COMMERCE', 'CORRECTION_OFFICE', 'COMMUNITY', 'ENTERPRISE', 'PROPERTY_MANAGER', 'SOCIAL_ORGANIZATION', 'GOVERNMENT',
];
const orgCount = async () => (await server.sql`select count(*)::int as n from organizations`)[0].n as number;

beforeAll(async () => {
  server = await startTestServer();
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  other = await createOrg(server, 'SOCIAL_ORGANIZATION', '蓝天救援队');
});
afterAll(async () => { await server?.stop(); });

describe('organizations in a tree', () => {
  it('creates an organization of every kind under a parent, with the name trimmed', async () => {
    for (const kind of KINDS) {
      const { createOrganization } = await server.admin.ok(CreateOrganizationDocument, { name: `  ${kind} 组织 `, kind, parentId: town.id });
      expect(createOrganization).toMatchObject({ name: `${kind} 组织`, kind, parent: { id: town.id } });
    }
  });

  it('lists for staff their own organization and everything below it, and nothing above or beside it', async () => {
    const villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
    const child = await villageAdmin.ok(CreateOrganizationDocument, { name: '洋埭村第一党支部', kind: 'PARTY_ORGANIZATION', parentId: village.id });
    const { organizations } = await villageAdmin.ok(OrganizationsDocument);
    expect(organizations.map((o) => o.id).sort()).toEqual([village.id, child.createOrganization.id].sort());
    // The parent above the staff's subtree is not theirs to see.
    expect(organizations.find((o) => o.id === village.id)?.parent).toBeNull();
    expect(organizations.find((o) => o.id === child.createOrganization.id)?.parent).toMatchObject({ id: village.id });
    const townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
    const townView = (await townCoordinator.ok(OrganizationsDocument)).organizations.map((o) => o.id);
    expect(townView).toContain(child.createOrganization.id);
    expect(townView).not.toContain(other.id);
  });

  it('lets an org admin create below its own organization only: FORBIDDEN at the top level, NOT_FOUND elsewhere like a missing parent', async () => {
    const villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
    const before = await orgCount();
    const top = await villageAdmin.request(CreateOrganizationDocument, { name: '新组织', kind: 'ENTERPRISE' });
    expectCleanErrors(top);
    expect(top.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await expectSameAnswer(villageAdmin, CreateOrganizationDocument, { name: '新组织', kind: 'ENTERPRISE', parentId: other.id }, { name: '新组织', kind: 'ENTERPRISE', parentId: toGlobalId('Organization', 2_000_000_000) });
    expect(await orgCount()).toBe(before);
  });

  it('refuses a coordinator and a correction officer creating organizations with FORBIDDEN', async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
    const before = await orgCount();
    for (const client of [await createStaff(server, 'COORDINATOR', village.id), await createStaff(server, 'CORRECTION_OFFICER', office.id)]) {
      const parentId = (await client.ok(OrganizationsDocument)).organizations[0].id;
      const response = await client.request(CreateOrganizationDocument, { name: '新组织', kind: 'ENTERPRISE', parentId });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect(await orgCount()).toBe(before);
  });

  it.each([
    ['an empty name', '   '],
    ['a name of 101 characters', '组'.repeat(101)],
    ['a control character', '洋埭\u0000村'],
  ])('rejects %s on the name field and writes nothing', async (_what, name) => {
    const before = await orgCount();
    const response = await server.admin.request(CreateOrganizationDocument, { name, kind: 'COMMUNITY', parentId: town.id });
    expectCleanErrors(response);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'name']]);
    expect(await orgCount()).toBe(before);
  });

  it('answers node(organization) outside the viewer\'s tree exactly like a missing one', async () => {
    const villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
    for (const id of [town.id, other.id]) {
      await expectSameAnswer(villageCoordinator, OrganizationRecordDocument, { id }, { id: toGlobalId('Organization', 2_000_000_001) });
    }
  });
});
