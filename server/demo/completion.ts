import type { DemoSession } from './gql';
import { DEMO_ACCOUNTS } from './accounts';
import { ROOT_ORGANIZATION } from './organizations';
import { SELF_SIGN_UPS } from './rosters';

/**
 * Where a database stands: no demo (its root organization 晋江市 is missing), a complete demo, or
 * one an interrupted load left half-built. Completion is marked by the load's very last writes:
 * the demo volunteer's own sign-ups. Read through the public API, writing nothing.
 */
export type DemoState = 'absent' | 'complete' | 'incomplete';

export async function demoState(session: DemoSession): Promise<DemoState> {
  const reader = session.reader();
  const { organizations } = await reader.run<{ organizations: { name: string; kind: string; parent: { id: string } | null }[] }>(
    'organizations', '{ organizations { name kind parent { id } } }');
  if (!organizations.some((o) => o.name === ROOT_ORGANIZATION && o.kind === 'GOVERNMENT' && o.parent == null)) return 'absent';
  return (await ownSignUps(session)) >= SELF_SIGN_UPS.length ? 'complete' : 'incomplete';
}

/** How many assignments the demo volunteer holds (every one of them her own sign-up); 0 when she cannot sign in. */
async function ownSignUps(session: DemoSession): Promise<number> {
  const { mobile, password } = DEMO_ACCOUNTS.volunteer;
  const login = await session.anonymous().run<{ login: { account: { id: string } } }>('login as the demo volunteer',
    'mutation($mobile: String!, $password: String!) { login(mobile: $mobile, password: $password) { account { id } } }', { mobile, password })
    .catch(() => null);
  if (!login) return 0;
  const volunteer = await session.as(login.login.account.id, 'the demo volunteer');
  const { me } = await volunteer.run<{ me: { volunteer: { assignments: { totalCount: number } } | null } }>('me (demo volunteer)',
    '{ me { volunteer { assignments { totalCount } } } }');
  return me.volunteer?.assignments.totalCount ?? 0;
}

/** What to do about a half-built demo: it cannot be finished in place, so start from an empty database. */
export const INCOMPLETE_MESSAGE = [
  `demo: an earlier demo load stopped part-way: organization ${ROOT_ORGANIZATION} exists, but the load's last step (the demo volunteer's own sign-ups) is missing. Nothing was changed.`,
  'demo: load it into an empty database instead: delete the data directory (GRIDROSTER_DATA_DIR, ./.gridroster by default),',
  'demo: or with DATABASE_URL drop that database (the server creates it again); then run `npm run demo` again.',
].join('\n');
