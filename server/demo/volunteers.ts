import {
  ActivateAccountDocument, ApproveVolunteerDocument, ConfirmAffiliationDocument, IssueActivationCodeDocument, MyAffiliationRequestsDocument,
  RegisterVolunteersBriefDocument, SignUpDocument,
} from '../../client/sdk';
import type { DemoClient, DemoSession } from './gql';
import type { GridIds } from './places';
import type { OrgIds, OrgKey } from './organizations';
import { PeopleFactory, type Person, type Traits } from './people';
import { DEMO_ACCOUNTS } from './accounts';

export type GroupKey =
  | 'yangdai' | 'haiwei' | 'lingyuan' | 'anhaiChamber' | 'hengan' | 'correction' | 'bluesky' | 'dongshi' | 'riders' | 'quanshang';

/** Who registers a group: the village's own admin, the town coordinator, or the platform admin. */
export type Registrar = 'admin' | 'yangdaiAdmin' | 'chendaiCoordinator';

interface GroupSpec extends Traits {
  key: GroupKey;
  org: OrgKey;
  registrar: Registrar;
  count: number;
  /** Home grids handed out in turn. */
  homeGrids?: string[];
}

const grids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
const ADULTS: [number, number] = [1965, 2003];

/** About 300 people in ten groups drawn from the reports. */
const GROUPS: GroupSpec[] = [
  // 洋埭村: nearly 200 delivery volunteers over 8 grid points in the report; about half here.
  { key: 'yangdai', org: 'yangdai', registrar: 'yangdaiAdmin', count: 113, party: 0.2, born: ADULTS, homeGrids: grids('yangdai', 8),
    skills: [['dialect', 0.6], ['sampling', 0.3], ['e-bike', 0.3], ['driving', 0.2], ['publicity', 0.15], ['first-aid', 0.1], ['medical', 0.05], ['psychology', 0.08]] },
  // 海尾村: 70+ volunteers over 7 grids.
  { key: 'haiwei', org: 'haiwei', registrar: 'chendaiCoordinator', count: 42, party: 0.2, born: ADULTS, homeGrids: grids('haiwei', 7),
    skills: [['dialect', 0.7], ['sampling', 0.25], ['delivery', 0.4], ['psychology', 0.1], ['publicity', 0.2]] },
  // 灵源 working group: 31 people, over half Party members; 20 e-bikes (the "小牛军团").
  { key: 'lingyuan', org: 'lingyuan', registrar: 'admin', count: 31, party: { first: 17 }, born: [1965, 1998],
    skills: [['e-bike', 0.65], ['dialect', 0.7], ['sampling', 0.35], ['publicity', 0.3], ['driving', 0.2]] },
  { key: 'anhaiChamber', org: 'anhaiChamber', registrar: 'admin', count: 35, party: 0.3, born: ADULTS,
    skills: [['logistics', 0.4], ['driving', 0.4], ['dialect', 0.5], ['sampling', 0.2]] },
  { key: 'hengan', org: 'henganParty', registrar: 'admin', count: 20, party: 1, born: [1970, 1998],
    skills: [['disinfection', 0.4], ['publicity', 0.4], ['logistics', 0.3], ['medical', 0.1]] },
  // Community-correction participants under 新塘司法所: a handful.
  { key: 'correction', org: 'xintang', registrar: 'admin', count: 5, party: 0, born: [1975, 1999], skills: [['dialect', 0.6], ['driving', 0.4]] },
  { key: 'bluesky', org: 'bluesky', registrar: 'admin', count: 15, party: 0.2, born: [1970, 2000],
    skills: [['rescue', 1], ['first-aid', 0.9], ['driving', 0.5], ['disinfection', 0.5]] },
  // 东石 checkpoint: staff of the town safety office and the fire brigade, 10 of them Party members.
  { key: 'dongshi', org: 'dongshi', registrar: 'admin', count: 18, party: { first: 10 }, born: [1975, 2000],
    skills: [['antigen-testing', 0.8], ['first-aid', 0.4], ['fire-safety', 0.4]] },
  // Couriers and riders (SF Express, Meituan, McDonald's) with loudspeakers and e-bikes.
  { key: 'riders', org: 'chendai', registrar: 'chendaiCoordinator', count: 12, party: 0.1, born: [1985, 2003],
    skills: [['delivery', 1], ['e-bike', 0.9], ['publicity', 0.5]] },
  { key: 'quanshang', org: 'quanshang', registrar: 'admin', count: 8, party: 0.1, born: ADULTS, skills: [['logistics', 0.7], ['delivery', 0.8]] },
];

export interface Volunteer extends Person {
  id: string;
}

export type Groups = Record<GroupKey, Volunteer[]>;

/** registerVolunteers takes up to this many rows in one request. */
const BATCH = 1000;

/**
 * registerVolunteers in batches. An already known person (same name and numbers) is never
 * duplicated: another organization's registration asks them to confirm (their id is then null here).
 */
export async function register(client: DemoClient, organizationId: string, people: (Person & { homeGridId?: string })[], label: string): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for (let start = 0; start < people.length; start += BATCH) {
    const rows = people.slice(start, start + BATCH);
    const { registerVolunteers: out } = await client.request(RegisterVolunteersBriefDocument, {
      organizationId,
      volunteers: rows.map((p) => ({ name: p.name, mobile: p.mobile, idNumber: p.idNumber, partyMember: p.partyMember, skills: p.skills, homeGridId: p.homeGridId ?? null })),
    });
    if (out.rejected > 0) {
      const reasons = out.results.filter((r) => r.errorField).map((r) => `row ${start + r.row}: ${r.errorField} ${r.errorCode}`);
      throw new Error(`demo: registerVolunteers ${label} rejected ${out.rejected} rows: ${reasons.join('; ')}`);
    }
    ids.push(...out.results.map((r) => r.volunteer?.id ?? null));
  }
  return ids;
}

/** Every group, registered by its organization; two 洋埭 people also by 安海商会; one correction participant also by 洋埭村. */
export async function registerGroups(session: DemoSession, clients: Record<Registrar, DemoClient>, orgs: OrgIds, gridIds: GridIds): Promise<Groups> {
  const factory = new PeopleFactory();
  const groups = {} as Groups;
  for (const spec of GROUPS) {
    const people = factory.group(spec, spec.count).map((p, i) => ({ ...p, homeGridId: spec.homeGrids ? gridIds.get(spec.homeGrids[i % spec.homeGrids.length]) : undefined }));
    const ids = await register(clients[spec.registrar], orgs[spec.org], people, spec.key);
    groups[spec.key] = people.map((p, i) => ({ ...p, id: ids[i]! }));
  }
  // Shop owners living in 洋埭村 whose firms belong to 安海商会: one person, two affiliations.
  // Each is asked to confirm, and does so in their own account.
  const shared = groups.yangdai.slice(0, 2);
  assertAsked(await register(clients.admin, orgs.anhaiChamber, shared, 'anhaiChamber (also 洋埭村)'), '安海商会');
  // A correction participant who also volunteers in his village; 洋埭村 never learns of the correction.
  const participant = groups.correction.slice(0, 1);
  assertAsked(await register(clients.yangdaiAdmin, orgs.yangdai, participant, 'yangdai (correction participant)'), '洋埭村委会');
  await confirmJoining(session, clients.admin, [...shared, ...participant]);
  return groups;
}

function assertAsked(ids: (string | null)[], org: string): void {
  if (ids.some((id) => id != null)) throw new Error(`demo: registering a known person with ${org} did not ask them first`);
}

/** What the demo's people sign in with once they have set up their accounts. */
export const DEMO_PERSON_PASSWORD = 'demo 志愿者 password';

/**
 * People confirm the organizations that asked them, in their own accounts: the platform admin hands
 * each an activation code, with which they set their own password first.
 */
async function confirmJoining(session: DemoSession, admin: DemoClient, people: Volunteer[]): Promise<void> {
  for (const person of people) {
    const { issueActivationCode: { code } } = await admin.request(IssueActivationCodeDocument, { volunteerId: person.id });
    if (!code) throw new Error(`demo: no activation code was handed over for ${person.name}`);
    const { activateAccount } = await session.anonymous().request(ActivateAccountDocument, { mobile: person.mobile, code, password: DEMO_PERSON_PASSWORD });
    const self = session.withTokenOf(activateAccount.token, person.name);
    const { myAffiliationRequests } = await self.request(MyAffiliationRequestsDocument);
    for (const request of myAffiliationRequests.filter((r) => r.status === 'AWAITING_CONFIRMATION')) {
      await self.request(ConfirmAffiliationDocument, { id: request.id });
    }
  }
}

/** The demo VOLUNTEER account: signs up with 洋埭村委会 (PENDING) and is approved by its admin. */
export async function signUpDemoVolunteer(session: DemoSession, yangdaiAdmin: DemoClient, orgs: OrgIds, gridIds: GridIds): Promise<{ volunteerId: string; volunteer: DemoClient }> {
  const account = DEMO_ACCOUNTS.volunteer;
  const factory = new PeopleFactory();
  const { signUp } = await session.anonymous().request(SignUpDocument, {
    input: {
      organizationId: orgs.yangdai, password: account.password, consent: true,
      volunteer: { name: account.displayName, mobile: account.mobile, idNumber: factory.idNumber([1996, 1996], 999), partyMember: false,
        skills: ['sampling', 'dialect', 'e-bike'], homeGridId: gridIds.get('yangdai-5') },
    },
  });
  await yangdaiAdmin.request(ApproveVolunteerDocument, { id: signUp.id });
  const volunteer = await session.byMobile(account.mobile, account.displayName);
  if (!volunteer) throw new Error('demo: the demo volunteer\'s sign-up made no account');
  return { volunteerId: signUp.id, volunteer };
}
