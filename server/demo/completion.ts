import { MyVolunteerDocument, OrganizationsDocument, VolunteerAssignmentsDocument } from '../../client/sdk';
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
  // A load's first write is its platform admin: with no platform admin at all, none has begun.
  const reader = await session.reader();
  if (!reader) return 'absent';
  const { organizations } = await reader.request(OrganizationsDocument);
  if (!organizations.some((o) => o.name === ROOT_ORGANIZATION && o.kind === 'GOVERNMENT' && o.parent == null)) return 'absent';
  return (await ownSignUps(session)) >= SELF_SIGN_UPS.length ? 'complete' : 'incomplete';
}

/** How many assignments the demo volunteer holds (every one of them her own sign-up); 0 when she has no account. */
async function ownSignUps(session: DemoSession): Promise<number> {
  const volunteer = await session.byMobile(DEMO_ACCOUNTS.volunteer.mobile, 'the demo volunteer');
  if (!volunteer) return 0;
  const { me } = await volunteer.request(MyVolunteerDocument);
  if (!me?.volunteer) return 0;
  const { node } = await volunteer.request(VolunteerAssignmentsDocument, { id: me.volunteer.id, first: 1 });
  return node && 'assignments' in node ? node.assignments.totalCount : 0;
}

/** What to do about a half-built demo: it cannot be finished in place, so start from an empty database. */
export const INCOMPLETE_MESSAGE = [
  `demo: an earlier demo load stopped part-way: organization ${ROOT_ORGANIZATION} exists, but the load's last step (the demo volunteer's own sign-ups) is missing. Nothing was changed.`,
  'demo: load it into an empty database instead: delete the data directory (GRIDROSTER_DATA_DIR, ./.gridroster by default),',
  'demo: or with DATABASE_URL drop that database (the server creates it again); then run `npm run demo` again.',
].join('\n');
