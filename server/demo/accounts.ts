import { CreateAccountDocument } from '../../client/sdk';
import type { DemoClient, DemoSession } from './gql';
import type { OrgIds, OrgKey } from './organizations';

/**
 * One account per role, with fixed demo passwords printed on every load. The mobile numbers
 * (199 0595 …) are fictional; the platform admin is created with ensurePlatformAdmin (which names
 * it 'Platform admin'; the printed name is read back from `me`), the staff with createAccount, the
 * volunteer through signUp and approveVolunteer (volunteers.ts).
 */
export const DEMO_ACCOUNTS = {
  admin: { role: 'PLATFORM_ADMIN', org: null, mobile: '19905950000', password: 'demo-platform-2022', displayName: 'Platform admin' },
  yangdaiAdmin: { role: 'ORG_ADMIN', org: 'yangdai', mobile: '19905950001', password: 'demo-yangdai-2022', displayName: '洋埭村委会管理员' },
  chendaiCoordinator: { role: 'COORDINATOR', org: 'chendai', mobile: '19905950002', password: 'demo-chendai-2022', displayName: '陈埭镇防控办调度员' },
  correctionOfficer: { role: 'CORRECTION_OFFICER', org: 'xintang', mobile: '19905950003', password: 'demo-xintang-2022', displayName: '新塘司法所矫正专干' },
  jinjiangCoordinator: { role: 'COORDINATOR', org: 'jinjiang', mobile: '19905950004', password: 'demo-jinjiang-2022', displayName: '晋江市防控指挥部调度员' },
  volunteer: { role: 'VOLUNTEER', org: 'yangdai', mobile: '19805950999', password: 'demo-volunteer-2022', displayName: '施雅婷' },
  gridLeader: { role: 'GRID_LEADER', org: 'yangdai', mobile: '19905950005', password: 'demo-gridleader-2022', displayName: '洋埭村第4网格网格长' },
  gridWorker: { role: 'GRID_WORKER', org: 'yangdai', mobile: '19905950006', password: 'demo-gridworker-2022', displayName: '洋埭村4-2-5网格员' },
} as const satisfies Record<string, { role: string; org: OrgKey | null; mobile: string; password: string; displayName: string }>;

export type AccountKey = keyof typeof DEMO_ACCOUNTS;
/** Grid roles cover a grid (and its subtree), named by its key in places.ts; the organization only labels the printed line. */
export type GridRoleKey = 'gridLeader' | 'gridWorker';
export const GRID_ROLE_GRIDS: Record<GridRoleKey, string> = { gridLeader: 'yangdai-4', gridWorker: 'yangdai-4-2-5' };
export type StaffKey = Exclude<AccountKey, 'admin' | 'volunteer' | GridRoleKey>;

const ORG_LABELS: Record<string, string> = {
  yangdai: '洋埭村委会', chendai: '陈埭镇人民政府', xintang: '新塘司法所', jinjiang: '晋江市',
};

/** The lines printed after every load, one account per line; `names` are display names as the accounts really have them. */
export function accountLines(names: Partial<Record<AccountKey, string>> = {}): string[] {
  const lines = ['demo: sign in with these accounts (mutation login(mobile, password)):'];
  for (const [key, account] of Object.entries(DEMO_ACCOUNTS) as [AccountKey, (typeof DEMO_ACCOUNTS)[AccountKey]][]) {
    const scope = account.org ? ORG_LABELS[account.org] : '全平台';
    lines.push(`demo:   ${account.role.padEnd(18)} mobile ${account.mobile}  password ${account.password}  ${names[key] ?? account.displayName}（${scope}）`);
  }
  return lines;
}

/** The grid worker's and grid leader's accounts over 洋埭村's grid 4 and its 4-2-5, created by the platform admin. */
export async function createGridRoleAccounts(admin: DemoClient, grids: Map<string, string>): Promise<void> {
  for (const key of ['gridLeader', 'gridWorker'] as const) {
    const account = DEMO_ACCOUNTS[key];
    await admin.request(CreateAccountDocument,
      { mobile: account.mobile, displayName: account.displayName, password: account.password, role: account.role, gridId: grids.get(GRID_ROLE_GRIDS[key]) });
  }
}

/** Staff accounts, created by the platform admin; returns a client acting as each. */
export async function createStaffAccounts(session: DemoSession, admin: DemoClient, orgs: OrgIds): Promise<Record<StaffKey, DemoClient>> {
  const clients = {} as Record<StaffKey, DemoClient>;
  for (const key of ['yangdaiAdmin', 'chendaiCoordinator', 'correctionOfficer', 'jinjiangCoordinator'] as const) {
    const account = DEMO_ACCOUNTS[key];
    const { createAccount } = await admin.request(CreateAccountDocument,
      { mobile: account.mobile, displayName: account.displayName, password: account.password, role: account.role, organizationId: orgs[account.org] });
    clients[key] = await session.as(createAccount.id, account.displayName);
  }
  return clients;
}
