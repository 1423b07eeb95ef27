import {
  AddTeamMemberDocument, CreateTeamDocument, RegisterVolunteersDocument, ConfirmSignUpDocument, SignUpDocument, type TeamKind, type TeamRole,
} from '../../../client/generated/graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parseGlobalId } from '../../../server/platform/ids';
import type { GraphQLTestClient } from '../client';
import { mobileNumber, type OrgHandle } from '../factories';
import { freshIdNumber } from './volunteers';
import type { TestServer } from '../harness';

/** The integer id behind a global id, for assertions on stored rows. */
export function dbId(globalId: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`not a global id: ${globalId}`);
  return parsed.id;
}

export interface VolunteerHandle {
  id: string;
  dbId: number;
  name: string;
  mobile: string;
  idNumber: string;
}

/**
 * An ACTIVE volunteer registered by `registeredBy` through registerVolunteers (as the platform
 * admin), then registered again with each of `alsoAffiliatedWith`, which affiliates the same person.
 */
export async function registerVolunteer(server: TestServer, registeredBy: OrgHandle, name: string, alsoAffiliatedWith: OrgHandle[] = []): Promise<VolunteerHandle> {
  const mobile = mobileNumber();
  const idNumber = freshIdNumber();
  let id = '';
  for (const org of [registeredBy, ...alsoAffiliatedWith]) {
    const { registerVolunteers } = await server.admin.ok(RegisterVolunteersDocument, { organizationId: org.id, volunteers: [{ name, mobile, idNumber }] });
    const [result] = registerVolunteers.results;
    if (result.outcome === 'AWAITING_CONFIRMATION') continue;
    if (!result.volunteer) throw new Error(`registering ${name} failed: ${result.message}`);
    id = result.volunteer.id;
  }
  // The person said yes to every organization that asked (as confirmAffiliation records it): setup, not the story under test.
  await server.sql`update volunteer_affiliations set confirmed_at = now() where volunteer_id = ${dbId(id)} and confirmed_at is null`;
  return { id, dbId: dbId(id), name, mobile, idNumber };
}

export const VOLUNTEER_PASSWORD = 'volunteer-password-1';

/** A signed-in client for the volunteer themself: signUp (claiming the record with the ID number) with an organization they belong to. */
export async function signInAsVolunteer(server: TestServer, volunteer: VolunteerHandle, org: OrgHandle): Promise<GraphQLTestClient> {
  server.sms.outbox.delete(volunteer.mobile);
  await server.anonymous.ok(SignUpDocument, {
    input: { volunteer: { name: volunteer.name, mobile: volunteer.mobile, idNumber: volunteer.idNumber }, organizationId: org.id, password: VOLUNTEER_PASSWORD, consent: true },
  });
  // A person on record confirms with the code sent to their mobile, read from the test server's outbox.
  const sent = server.sms.outbox.get(volunteer.mobile);
  if (sent) await server.anonymous.ok(ConfirmSignUpDocument, { mobile: volunteer.mobile, code: sent.code });
  return server.anonymous.login(volunteer.mobile, VOLUNTEER_PASSWORD);
}

export interface TeamHandle {
  id: string;
  name: string;
  kind: TeamKind;
}

/** A team created through the API by `by` (the platform admin unless given). */
export async function createTeam(server: TestServer, org: OrgHandle, kind: TeamKind, name: string, by: GraphQLTestClient = server.admin): Promise<TeamHandle> {
  const { createTeam: team } = await by.ok(CreateTeamDocument, { organizationId: org.id, name, kind });
  return { id: team.id, name: team.name, kind: team.kind };
}

export async function addMember(server: TestServer, team: TeamHandle, volunteer: VolunteerHandle, role: TeamRole = 'MEMBER', by: GraphQLTestClient = server.admin): Promise<void> {
  await by.ok(AddTeamMemberDocument, { teamId: team.id, volunteerId: volunteer.id, role });
}

/** A grid owned by an organization, written with SQL (grids are another module's). */
export async function insertGrid(server: TestServer, org: OrgHandle, name: string, level = 'GRID'): Promise<{ dbId: number }> {
  const [{ id }] = await server.sql<{ id: number }[]>`
    insert into grids (name, level, organization_id) values (${name}, ${level}, ${dbId(org.id)}) returning id`;
  return { dbId: id };
}

/** A deployment of a team to a grid over Asia/Shanghai dates relative to today (negative = past). */
export async function insertDeployment(server: TestServer, team: TeamHandle, grid: { dbId: number }, fromDays: number, toDays: number | null): Promise<number> {
  const [{ id }] = await server.sql<{ id: number }[]>`
    insert into deployments (team_id, grid_id, starts_on, ends_on)
    values (${dbId(team.id)}, ${grid.dbId},
            (now() at time zone 'Asia/Shanghai')::date + ${fromDays}::int,
            case when ${toDays}::int is null then null else (now() at time zone 'Asia/Shanghai')::date + ${toDays}::int end)
    returning id`;
  return id;
}

/**
 * The node a `node(id)` document answers, or null when the server says NOT_FOUND (a record the
 * viewer may not see answers exactly like a missing one). Any other error fails the test.
 */
export async function nodeOf<T, V>(client: GraphQLTestClient, document: TypedDocumentNode<{ node: T }, V>, variables: V): Promise<T | null> {
  const result = await client.request(document, variables);
  if (result.errors?.length) {
    if (result.errors.every((e) => e.extensions?.code === 'NOT_FOUND')) return null;
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data!.node;
}
