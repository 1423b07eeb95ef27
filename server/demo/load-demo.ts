import type { Db } from '../platform/db';
import type { AppDeps } from '../context';
import { MeDocument } from '../../client/sdk';
import { ensurePlatformAdmin } from '../modules/auth/auth.service';
import { findAccountByMobile } from '../modules/auth/auth.queries';
import { verifyPassword } from '../modules/auth/password';
import { DemoSession, type DemoClient } from './gql';
import { accountLines, createGridRoleAccounts, createStaffAccounts, DEMO_ACCOUNTS } from './accounts';
import { createOrganizations, ORGANIZATIONS } from './organizations';
import { createGrids, setZones } from './places';
import { registerGroups, signUpDemoVolunteer } from './volunteers';
import { createTeams, joinGridService } from './teams';
import { deployTeams, setLeaders } from './deployments';
import { createShifts, HISTORY } from './shifts';
import { checkpointRosters } from './checkpoint';
import { pastRosters } from './history';
import { fillRosters, selfSignUps } from './rosters';
import { demoState, INCOMPLETE_MESSAGE } from './completion';
import { addDays, shanghaiDate } from './dates';

type Print = (line: string) => void;

/**
 * Loads the demo data set drawn from the reports in ../shared/seeds through the public GraphQL
 * API, acting as the accounts that would do each step. A second load finds the demo complete,
 * changes nothing and prints the accounts again. A database an interrupted load left half-built
 * is refused untouched (the error says how to start over), since the load cannot resume.
 */
export async function loadDemo(db: Db, deps: AppDeps, print: Print): Promise<void> {
  const session = await DemoSession.open(deps);
  try {
    await load(session, db, print);
  } finally {
    await session.close();
  }
}

async function load(session: DemoSession, db: Db, print: Print): Promise<void> {
  const started = Date.now();
  const state = await demoState(session);
  if (state === 'incomplete') throw new Error(INCOMPLETE_MESSAGE);
  const { mobile, password } = DEMO_ACCOUNTS.admin;
  if (state === 'complete') {
    // The printed password must work: the one thing a second load may change.
    if (!(await passwordWorks(db, mobile, password))) {
      await ensurePlatformAdmin(db, mobile, password);
      print('demo: the demo platform admin\'s password was reset to the printed one.');
    }
    print(`demo: already loaded (organization ${ORGANIZATIONS[0].name} exists and the load finished); nothing changed.`);
  } else {
    await ensurePlatformAdmin(db, mobile, password);
    await loadEverything(session, await platformAdmin(session), print);
    print(`demo: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  const { me } = await (await platformAdmin(session)).request(MeDocument);
  accountLines({ admin: me!.displayName }).forEach((line) => print(line));
}

/** Checked against the stored hash rather than through `login`, which would count against its rate limit. */
async function passwordWorks(db: Db, mobile: string, password: string): Promise<boolean> {
  const account = await findAccountByMobile(db, mobile);
  return !!account && verifyPassword(account.passwordHash, password);
}

async function platformAdmin(session: DemoSession): Promise<DemoClient> {
  const admin = await session.byMobile(DEMO_ACCOUNTS.admin.mobile, 'platform admin');
  if (!admin) throw new Error('demo: the demo platform admin is missing');
  return admin;
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
  await createGridRoleAccounts(admin, grids);
  print('demo: a grid leader (网格长) over 洋埭村 grid 4 and a grid worker (网格员) over its 4-2-5');
  print(`demo: ${grids.size} grids: 陈埭镇 › 洋埭村 (8 grids, 格中格 3-1…3-16 and 8-1…8-3, 包栋 buildings, 4-2-5/4-2-7), 海尾村 (7), 泉商公馆; 东石镇 › 三乡村 checkpoint; 洋埭村 封控区 → 管控区 → 防范区`);

  const groups = await registerGroups(session, { admin, ...staff }, orgs, grids);
  const signedUp = await signUpDemoVolunteer(session, staff.yangdaiAdmin, orgs, grids);
  const registered = Object.values(groups).reduce((n, g) => n + g.length, 0) + 1;
  print(`demo: ${registered} volunteers registered by their organizations (2 also by 安海商会, 1 correction participant also by 洋埭村), 1 signed up and approved`);

  const teams = await createTeams({ admin, ...staff }, orgs, groups);
  await joinGridService(staff.yangdaiAdmin, teams, signedUp.volunteerId);
  print(`demo: ${Object.keys(teams).length} teams of every kind with their members`);

  await deployTeams(staff.jinjiangCoordinator, grids, teams, today);
  await setLeaders(staff, grids, groups);
  print(`demo: 灵源街道驰援工作组 deployed to 洋埭村 grids 3 and 8 (running) and grid 4 (${addDays(today, HISTORY.grid4Day)} only); 蓝天救援队 to 海尾村; grid leaders and 包栋 set`);

  const shifts = await createShifts(staff, grids, teams, today, now);
  const rotationEnd = addDays(today, HISTORY.checkpointFrom + HISTORY.checkpointDays - 1);
  print(`demo: ${shifts.checkpoint.length} checkpoint shifts (4 a day from ${addDays(today, HISTORY.checkpointFrom)} to ${rotationEnd}, 党员示范岗) and ${shifts.byKey.size} other shifts (sampling sites and delivery points yesterday and the next days, mobile sampling, hotline, the 灵源 day on grid 4, posts running now)`);

  const checkpoint = await checkpointRosters(staff.jinjiangCoordinator, shifts, groups);
  print(`demo: 三乡村 checkpoint: ${checkpoint.pastShifts} past shifts crewed, checked in and out (${checkpoint.completed} completed assignments, a no-show and the stand-in who came, one late, one relieved early); two on duty now; the next ${checkpoint.seatedAhead} shifts seated, a waitlist promoted by a cancellation; a peak-hour antigen post done today`);
  const past = await pastRosters(staff, shifts, groups);
  print(`demo: history: ${past.yesterday} completed assignments at yesterday's 8 sampling sites and 3 delivery points (one late, one no-show); the 灵源 group's day on grid 4 as ${past.grid4} completed assignments plus 1 hour adjustment tied to one of them`);
  await fillRosters(staff.chendaiCoordinator, shifts, groups);
  // The demo volunteer's own sign-ups come last: they mark the load as complete (completion.ts).
  await selfSignUps(signedUp.volunteer, shifts);
  print('demo: today and ahead: posts running now with people done, on duty, a no-show and its stand-in; tomorrow\'s sampling sites with a waitlist and a promotion; delivery points, 泉商公馆, hotline; the demo volunteer\'s own sign-ups');
}
