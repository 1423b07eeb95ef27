import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganizationsWithTeamsDocument } from '../../../client/generated/graphql';
import { createOrg } from '../../support/factories';
import { addMember, createTeam, registerVolunteer } from '../../support/factories/teams';
import { startTestServer, type TestServer } from '../../support/harness';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ countQueries: true }); });
afterAll(async () => { await server?.stop(); });

/** An organization with two teams sharing three members. */
async function organizationWithTeams(n: number): Promise<void> {
  const org = await createOrg(server, 'COMMUNITY', `社区 ${n}`);
  const teams = [await createTeam(server, org, 'GRID_SERVICE', `网格服务队 ${n}`), await createTeam(server, org, 'OTHER', `宣传队 ${n}`)];
  for (let i = 0; i < 3; i++) {
    const volunteer = await registerVolunteer(server, org, `志愿者 ${n}-${i}`);
    for (const team of teams) await addMember(server, team, volunteer);
  }
}

async function queriesFor(): Promise<number> {
  server.queries.length = 0;
  await server.admin.ok(OrganizationsWithTeamsDocument);
  return server.queries.length;
}

describe('team loaders', () => {
  it('read organizations → teams → members → volunteers → their teams in a fixed number of queries', async () => {
    await organizationWithTeams(1);
    const few = await queriesFor();
    for (let n = 2; n <= 6; n++) await organizationWithTeams(n);
    const many = await queriesFor();
    const { organizations } = await server.admin.ok(OrganizationsWithTeamsDocument);
    expect(organizations.flatMap((o) => o.teams.flatMap((t) => t.members))).toHaveLength(6 * 2 * 3);
    expect(organizations[5].teams[0].members[0].volunteer.teams).toHaveLength(2);
    expect(many).toBe(few);
  });
});
