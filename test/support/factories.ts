import { CreateAccountDocument, CreateOrganizationDocument, type OrganizationKind, type Role } from '../../client/generated/graphql';
import { idCheckCharacter } from '../../server/modules/volunteers/volunteer.validation';
import type { GraphQLTestClient } from './client';
import type { TestServer } from './harness';

let sequence = 0;
const unique = () => ++sequence + Math.floor(Math.random() * 1000) * 10000;

/** A well-formed, unused mainland mobile number (fictional, 199 prefix plus a counter). */
export function mobileNumber(): string {
  return `199${String(unique() % 100_000_000).padStart(8, '0')}`;
}

/** A valid 18-character resident ID with a real birth date and a correct check character. */
export function idNumber(birth = '19850312'): string {
  const first17 = `350582${birth}${String(unique() % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export interface OrgHandle {
  id: string;
  name: string;
}

export async function createOrg(server: TestServer, kind: OrganizationKind, name = `${kind} ${unique()}`, parentId?: string): Promise<OrgHandle> {
  const { createOrganization } = await server.admin.ok(CreateOrganizationDocument, { name, kind, parentId });
  return { id: createOrganization.id, name: createOrganization.name };
}

export const STAFF_PASSWORD = 'staff-password-1';

/** A signed-in client for a new staff account with one role (granted by the platform admin). */
export async function createStaff(server: TestServer, role: Role, organizationId?: string): Promise<GraphQLTestClient & { mobile: string }> {
  const mobile = mobileNumber();
  await server.admin.ok(CreateAccountDocument, { mobile, displayName: `${role} ${mobile}`, password: STAFF_PASSWORD, role, organizationId });
  const client = await server.anonymous.login(mobile, STAFF_PASSWORD);
  return Object.assign(client, { mobile });
}

export interface TwoTownships {
  city: OrgHandle;
  village: OrgHandle;
  lingyuan: OrgHandle;
  villageCoordinator: GraphQLTestClient;
  lingyuanCoordinator: GraphQLTestClient;
}

/** 晋江市 over 洋埭村委会 and 灵源街道, each with a coordinator: the deployment stories' cast. */
export async function twoTownships(server: TestServer): Promise<TwoTownships> {
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会', city.id);
  const lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', city.id);
  const villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  const lingyuanCoordinator = await createStaff(server, 'COORDINATOR', lingyuan.id);
  return { city, village, lingyuan, villageCoordinator, lingyuanCoordinator };
}
