import { addDays, shanghaiDate, shanghaiTime } from './dates';
import { AddTeamMemberBriefDocument, AddTeamMemberDocument, CreateTeamDocument } from '../../client/sdk';
import { inParallel, inTurn, type DemoClient } from './gql';
import type { OrgIds, OrgKey } from './organizations';
import type { Groups, Volunteer } from './volunteers';

export type TeamKey =
  | 'henganBranch' | 'anhaiTeam' | 'lingyuanGroup' | 'lingyuanBranch' | 'correctionTeam'
  | 'rescue' | 'yangdaiService' | 'haiweiService' | 'riders' | 'dongshiVanguard';

/** Who manages a team: its organization's admin, the correction officer for a correction team, else the platform admin. */
export type TeamActor = 'admin' | 'yangdaiAdmin' | 'chendaiCoordinator' | 'correctionOfficer';

interface TeamSpec {
  key: TeamKey;
  name: string;
  kind: 'PARTY_BRANCH' | 'CHAMBER_OF_COMMERCE' | 'COMMUNITY_CORRECTION' | 'GRID_SERVICE' | 'WORKING_GROUP' | 'RESCUE' | 'OTHER';
  org: OrgKey;
  /** Creates the team (org admins create teams; coordinators may only add members). */
  creator: TeamActor;
  /** Adds the members. */
  manager: TeamActor;
  /** Members in order; the first is the leader. */
  members: (g: Groups) => Volunteer[];
}

const party = (people: Volunteer[]) => people.filter((p) => p.partyMember);

/** Teams of every kind, from the reports. */
const TEAMS: TeamSpec[] = [
  { key: 'henganBranch', name: '恒安集团党支部', kind: 'PARTY_BRANCH', org: 'henganParty', creator: 'admin', manager: 'admin', members: (g) => g.hengan },
  { key: 'anhaiTeam', name: '安海商会抗疫志愿服务队', kind: 'CHAMBER_OF_COMMERCE', org: 'anhaiChamber', creator: 'admin', manager: 'admin',
    members: (g) => [...g.anhaiChamber, ...g.yangdai.slice(0, 2)] },
  // 31 people from the subdistrict's offices and its 10 communities, led by the deputy Party secretary.
  { key: 'lingyuanGroup', name: '灵源街道驰援工作组', kind: 'WORKING_GROUP', org: 'lingyuan', creator: 'admin', manager: 'admin', members: (g) => g.lingyuan },
  // The temporary Party branch set up on arrival in 洋埭村, same secretary.
  { key: 'lingyuanBranch', name: '灵源驰援临时党支部', kind: 'PARTY_BRANCH', org: 'lingyuan', creator: 'admin', manager: 'admin', members: (g) => party(g.lingyuan) },
  { key: 'correctionTeam', name: '新塘司法所社区矫正志愿队', kind: 'COMMUNITY_CORRECTION', org: 'xintang', creator: 'correctionOfficer', manager: 'correctionOfficer',
    members: (g) => g.correction },
  { key: 'rescue', name: '蓝天救援队', kind: 'RESCUE', org: 'bluesky', creator: 'admin', manager: 'admin', members: (g) => g.bluesky },
  { key: 'yangdaiService', name: '洋埭村网格服务队', kind: 'GRID_SERVICE', org: 'yangdai', creator: 'yangdaiAdmin', manager: 'yangdaiAdmin', members: (g) => g.yangdai },
  { key: 'haiweiService', name: '海尾村网格服务队', kind: 'GRID_SERVICE', org: 'haiwei', creator: 'admin', manager: 'chendaiCoordinator', members: (g) => g.haiwei },
  { key: 'riders', name: '千里顺风志愿者服务队', kind: 'OTHER', org: 'chendai', creator: 'admin', manager: 'chendaiCoordinator', members: (g) => g.riders },
  // 东石: a Party-member vanguard of 10 leading the 三乡村 checkpoint posts.
  { key: 'dongshiVanguard', name: '三乡村查验岗党员志愿先锋队', kind: 'PARTY_BRANCH', org: 'dongshi', creator: 'admin', manager: 'admin',
    members: (g) => vanguardOrder(g.dongshi) },
];

/**
 * Party members first in every three, so a checkpoint shift filled three at a time from this
 * list always seats a Party member (the demonstration-post rule).
 */
export function vanguardOrder(people: Volunteer[]): Volunteer[] {
  const members = party(people);
  const others = people.filter((p) => !p.partyMember);
  const ordered: Volunteer[] = [];
  while (members.length || others.length) {
    ordered.push(...[members.shift(), others.shift() ?? members.shift(), others.shift() ?? members.shift()].filter((p): p is Volunteer => !!p));
  }
  return ordered;
}

export type TeamIds = Record<TeamKey, string>;

/** Creates every team and adds its members (leader first), each as the account that may. */
export async function createTeams(clients: Record<TeamActor, DemoClient>, orgs: OrgIds, groups: Groups): Promise<TeamIds> {
  const ids = {} as TeamIds;
  // The teams were formed when the outbreak began, weeks before the demo's history: their members
  // are credited with every past shift the demo records (team hours count while a membership runs).
  const joinedAt = shanghaiTime(addDays(shanghaiDate(new Date()), -30), '08:00').toISOString();
  for (const team of TEAMS) {
    ids[team.key] = (await clients[team.creator].request(CreateTeamDocument, { organizationId: orgs[team.org], name: team.name, kind: team.kind })).createTeam.id;
  }
  // Teams side by side; within a team one after another, leader first, so it lists its members as it always has.
  await inParallel(TEAMS, (team) => inTurn(team.members(groups), (v, i) => clients[team.manager].request(AddTeamMemberBriefDocument,
    { teamId: ids[team.key], volunteerId: v.id, role: i === 0 ? 'LEADER' : 'MEMBER', joinedAt })));
  return ids;
}

/** The demo volunteer joins the village grid service team once approved. */
export async function joinGridService(yangdaiAdmin: DemoClient, teams: TeamIds, volunteerId: string): Promise<void> {
  await yangdaiAdmin.request(AddTeamMemberDocument, { teamId: teams.yangdaiService, volunteerId });
}
