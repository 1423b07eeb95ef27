import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CreateGridDocument, type GridLevel } from '../../../client/generated/graphql';
import { hashPassword } from '../../../server/modules/auth/password';
import { parseGlobalId, toGlobalId } from '../../../server/platform/ids';
import { shanghaiDate } from '../../../server/platform/date-range';
import type { GraphQLTestClient } from '../client';
import { mobileNumber } from '../factories';
import type { TestServer } from '../harness';

/** The numeric database id behind a global id. */
export function dbId(globalId: string): number {
  return parseGlobalId(globalId)!.id;
}

export async function createGrid(
  client: GraphQLTestClient, organizationId: string, name: string, level: GridLevel, parentId?: string,
): Promise<{ id: string; name: string }> {
  const { createGrid: grid } = await client.ok(CreateGridDocument, { name, level, parentId, organizationId });
  return { id: grid.id, name: grid.name };
}

export interface ChendaiTree {
  town: string;
  village: string;
  /** grids[1] … grids[8]. */
  grids: Record<number, string>;
  subGrid: string;
  building: string;
}

/** 陈埭镇 → 洋埭村 → grids 1–8 → sub-grid 4-2-5 (under grid 4) → one building. */
export async function buildChendaiTree(client: GraphQLTestClient, townOrgId: string, villageOrgId: string): Promise<ChendaiTree> {
  const town = (await createGrid(client, townOrgId, '陈埭镇', 'TOWN')).id;
  const village = (await createGrid(client, villageOrgId, '洋埭村', 'VILLAGE', town)).id;
  const grids: Record<number, string> = {};
  for (let n = 1; n <= 8; n++) grids[n] = (await createGrid(client, villageOrgId, `网格${n}`, 'GRID', village)).id;
  const subGrid = (await createGrid(client, villageOrgId, '4-2-5', 'SUB_GRID', grids[4])).id;
  const building = (await createGrid(client, villageOrgId, '4-2-5 一号楼', 'BUILDING', subGrid)).id;
  return { town, village, grids, subGrid, building };
}

/**
 * A volunteer inserted straight into the database (with an affiliation to the registering
 * organization), for setting up scope scenarios independently of the volunteers module.
 */
export async function insertVolunteer(
  server: TestServer, organizationId: string, options: { name?: string; status?: string; homeGridId?: string } = {},
): Promise<{ id: string; dbId: number; mobile: string }> {
  const mobile = mobileNumber();
  const orgId = dbId(organizationId);
  const [row] = await server.sql`insert into volunteers (name, mobile, status, registered_by, home_grid_id)
    values (${options.name ?? `志愿者${mobile.slice(-4)}`}, ${mobile}, ${options.status ?? 'ACTIVE'}, ${orgId},
            ${options.homeGridId ? dbId(options.homeGridId) : null}) returning id`;
  await server.sql`insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) values (${row.id}, ${orgId}, now())`;
  return { id: toGlobalId('Volunteer', row.id), dbId: row.id, mobile };
}

export async function insertTeam(server: TestServer, organizationId: string, name: string, kind = 'WORKING_GROUP'): Promise<{ id: string; dbId: number }> {
  const [row] = await server.sql`insert into teams (organization_id, name, kind) values (${dbId(organizationId)}, ${name}, ${kind}) returning id`;
  return { id: toGlobalId('Team', row.id), dbId: row.id };
}

export async function insertMembership(server: TestServer, teamId: string, volunteerId: string): Promise<void> {
  await server.sql`insert into team_memberships (team_id, volunteer_id) values (${dbId(teamId)}, ${dbId(volunteerId)})`;
}

export const VOLUNTEER_PASSWORD = 'volunteer-password-1';

/** A signed-in client for a volunteer's own account. */
export async function volunteerClient(server: TestServer, volunteer: { dbId: number; mobile: string }): Promise<GraphQLTestClient> {
  const hash = await hashPassword(VOLUNTEER_PASSWORD);
  const [account] = await server.sql`insert into accounts (mobile, display_name, password_hash, volunteer_id)
    values (${volunteer.mobile}, ${'志愿者'}, ${hash}, ${volunteer.dbId}) returning id`;
  await server.sql`insert into role_grants (account_id, role) values (${account.id}, 'VOLUNTEER')`;
  return server.anonymous.login(volunteer.mobile, VOLUNTEER_PASSWORD);
}

/** A calendar date in Asia/Shanghai, `days` from today (negative for the past). */
export function shanghaiDay(days: number): string {
  return shanghaiDate(new Date(Date.now() + days * 86_400_000));
}

/**
 * The `node` of a node query, or null when the server answers NOT_FOUND (what a record the
 * viewer may not see looks like); any other error fails the test.
 */
export async function nodeOrNull<TData extends { node: unknown }, TVars>(
  client: GraphQLTestClient, document: TypedDocumentNode<TData, TVars>, variables: TVars,
): Promise<TData['node'] | null> {
  const result = await client.request(document, variables);
  if (result.errors?.length) {
    if (result.errors.every((e) => e.extensions?.code === 'NOT_FOUND')) return null;
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data!.node;
}
