import type { Db } from '../platform/db';
import type { AppDeps } from '../context';
import { buildAppSchema } from '../schema';
import { ensurePlatformAdmin } from '../modules/auth/auth.service';
import { DemoSession, type DemoClient } from './gql';
import { accountLines, createStaffAccounts, DEMO_ACCOUNTS } from './accounts';
import { createOrganizations, demoLoaded, ORGANIZATIONS } from './organizations';
import { createGrids, setZones } from './places';
import { registerGroups, signUpDemoVolunteer, type Groups } from './volunteers';
import { createTeams, joinGridService } from './teams';
import { deployTeams, setLeaders } from './deployments';
import { createShifts, type Shifts } from './shifts';
import { backfillHours, fillRosters } from './rosters';
import { shanghaiDate } from './dates';

type Print = (line: string) => void;

const SHIFT_MUTATIONS = ['createShift', 'createShiftRotation'];
const ROSTER_MUTATIONS = ['assignVolunteer', 'signUpForShift', 'cancelAssignment', 'checkIn', 'checkOut', 'markNoShow'];

/**
 * Loads the demo data set drawn from the reports in ../shared/seeds through the public GraphQL
 * API, acting as the accounts that would do each step. A second load finds the demo's root
 * organization, changes nothing and prints the accounts again.
 */
export async function loadDemo(db: Db, deps: AppDeps, print: Print): Promise<void> {
  const started = Date.now();
  const session = new DemoSession(await buildAppSchema(), deps, db);
  const { mobile, password } = DEMO_ACCOUNTS.admin;
  // Creates the demo's platform admin, or resets its password, so the printed one always works.
  await ensurePlatformAdmin(db, mobile, password);
  const admin = await signIn(session, mobile, password, 'platform admin');
  if (await demoLoaded(admin)) {
    print(await signsIn(session, DEMO_ACCOUNTS.volunteer)
      ? 'demo: already loaded (organization 晋江市 exists); nothing changed.'
      : 'demo: 晋江市 exists but the demo volunteer cannot sign in: an earlier load stopped part-way or the data was changed; nothing changed. Load the demo into an empty database to get all of it.');
  } else {
    await loadEverything(session, admin, print);
    print(`demo: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  accountLines().forEach((line) => print(line));
}

async function signIn(session: DemoSession, mobile: string, password: string, who: string): Promise<DemoClient> {
  const { login } = await session.anonymous().run<{ login: { account: { id: string } } }>(`login as ${who}`,
    'mutation($mobile: String!, $password: String!) { login(mobile: $mobile, password: $password) { account { id } } }', { mobile, password });
  return session.as(login.account.id, who);
}

/** Does the account sign in? The demo volunteer is made half-way through a load. */
async function signsIn(session: DemoSession, account: { mobile: string; password: string }): Promise<boolean> {
  return signIn(session, account.mobile, account.password, 'the demo volunteer').then(() => true, () => false);
}

async function loadEverything(session: DemoSession, admin: DemoClient, print: Print): Promise<void> {
  const now = new Date();
  const today = shanghaiDate(now);
  print(`demo: loading the 陈埭/洋埭 demo data set (today is ${today}, Asia/Shanghai)…`);

  const orgs = await createOrganizations(admin);
  const staff = await createStaffAccounts(session, admin, orgs);
  print(`demo: ${ORGANIZATIONS.length} organizations from 晋江市 down; staff accounts for 洋埭村委会, 陈埭镇, 新塘司法所 and 晋江市`);

  const grids = await createGrids(staff, orgs);
  await setZones(staff, grids);
  print(`demo: ${grids.size} grids: 陈埭镇 › 洋埭村 (8 grids, 格中格 3-1…3-16 and 8-1…8-3, 包栋 buildings, 4-2-5/4-2-7), 海尾村 (7), 泉商公馆; 东石镇 › 三乡村 checkpoint; 洋埭村 封控区 → 管控区 → 防范区`);

  const groups = await registerGroups({ admin, ...staff }, orgs, grids);
  const signedUp = await signUpDemoVolunteer(session.anonymous(), staff.yangdaiAdmin, orgs, grids);
  const volunteer = await session.as(signedUp.accountId, DEMO_ACCOUNTS.volunteer.displayName);
  const registered = Object.values(groups).reduce((n, g) => n + g.length, 0) + 1;
  print(`demo: ${registered} volunteers registered by their organizations (2 also by 安海商会, 1 correction participant also by 洋埭村), 1 signed up and approved`);

  const teams = await createTeams({ admin, ...staff }, orgs, groups);
  await joinGridService(staff.yangdaiAdmin, teams, signedUp.volunteerId);
  print(`demo: ${Object.keys(teams).length} teams of every kind with their members`);

  await deployTeams(staff.jinjiangCoordinator, grids, teams, today);
  await setLeaders(staff, grids, groups);
  print('demo: 灵源街道驰援工作组 deployed to 洋埭村 grids 3 and 8 (running) and grid 4 (one past day); 蓝天救援队 to 海尾村; grid leaders and 包栋 set');

  const missingShift = session.missingMutation(SHIFT_MUTATIONS);
  if (missingShift) {
    print(`demo: skipped shifts and rosters: the API has no ${missingShift} yet`);
  } else {
    const shifts = await createShifts(staff, grids, teams, today, now);
    print(`demo: ${shifts.checkpoint.length} checkpoint shifts (4 a day for 14 days, 党员示范岗) and ${shifts.byKey.size} other shifts (sampling, mobile sampling, delivery points, hotline, posts running now)`);
    await loadRosters(session, { ...staff, volunteer }, shifts, groups, print);
  }

  if (session.hasMutation('adjustHours')) {
    await backfillHours(staff.jinjiangCoordinator, groups);
    print('demo: hours added by hand for the 灵源 group\'s day on grid 4');
  } else {
    print('demo: skipped hour adjustments: the API has no adjustHours yet');
  }
}

async function loadRosters(
  session: DemoSession,
  clients: { chendaiCoordinator: DemoClient; jinjiangCoordinator: DemoClient; volunteer: DemoClient },
  shifts: Shifts,
  groups: Groups,
  print: Print,
): Promise<void> {
  const missing = session.missingMutation(ROSTER_MUTATIONS);
  if (missing) {
    print(`demo: skipped rosters (assignments, check-ins, waitlist): the API has no ${missing} yet`);
    return;
  }
  await fillRosters(clients, shifts, groups);
  print('demo: rosters: checkpoint crews with check-ins, completed hours, a no-show and its stand-in, a full sampling site with a waitlist and a promotion, self sign-ups');
}
