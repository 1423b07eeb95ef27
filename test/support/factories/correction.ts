import { AddTeamMemberDocument, CreateTeamDocument, DeployTeamDocument } from '../../../client/generated/graphql';
import type { GraphQLTestClient } from '../client';
import { createOrg, createStaff, type OrgHandle } from '../factories';
import type { TestServer } from '../harness';
import { createGrid, shanghaiDay } from './grids';
import { registerPerson, signInAs, type Person } from './shifts';

export interface CorrectionPost {
  village: OrgHandle;
  office: OrgHandle;
  coordinator: GraphQLTestClient & { mobile: string };
  officer: GraphQLTestClient & { mobile: string };
  gridId: string;
  /** Registered by the correction office, on its correction team, deployed to the village's grid. */
  participant: Person;
  villager: Person;
  participantClient: GraphQLTestClient;
  villagerClient: GraphQLTestClient;
}

/**
 * 晋江市 with 洋埭村委会 and 新塘司法所: a village grid where the office's correction team is
 * deployed, a participant the village knows only through the shifts they take there, and a villager.
 */
export async function correctionPost(server: TestServer): Promise<CorrectionPost> {
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会', city.id);
  const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', city.id);
  const coordinator = await createStaff(server, 'COORDINATOR', village.id);
  const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  const gridId = (await createGrid(server.admin, village.id, '网格3', 'GRID')).id;
  const participant = await registerPerson(server, office.id, '施永福');
  const villager = await registerPerson(server, village.id, '陈明');
  const { createTeam } = await officer.ok(CreateTeamDocument, { organizationId: office.id, name: '社区矫正志愿队', kind: 'COMMUNITY_CORRECTION' });
  await officer.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: participant.id });
  await server.admin.ok(DeployTeamDocument, { teamId: createTeam.id, gridId, startsOn: shanghaiDay(-1), endsOn: shanghaiDay(5) });
  return {
    village, office, coordinator, officer, gridId, participant, villager,
    participantClient: await signInAs(server, participant), villagerClient: await signInAs(server, villager),
  };
}
