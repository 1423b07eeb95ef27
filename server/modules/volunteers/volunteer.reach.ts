import { eq, sql } from 'drizzle-orm';
import { volunteers } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { visibleVolunteerSql } from './volunteer.scope';

/**
 * For acts that pick a person for something (a team, a grid's leadership): the volunteer must be
 * visible other than through a place on the viewer's own rosters. Unseen → NOT_FOUND; seen only
 * on a roster → FORBIDDEN (node() shows them, so NOT_FOUND would contradict it).
 */
export async function assertCanPickVolunteer(db: DbOrTx, viewer: Viewer, volunteerId: number): Promise<{ status: string }> {
  const [row] = await db.select({
    status: volunteers.status,
    visible: sql<boolean>`${visibleVolunteerSql(viewer, volunteers.id)}`,
    pickable: sql<boolean>`${visibleVolunteerSql(viewer, volunteers.id, { throughRosters: false })}`,
  }).from(volunteers).where(eq(volunteers.id, volunteerId));
  if (!row?.visible) throw new NotFoundError('Volunteer');
  if (!row.pickable) throw new ForbiddenError('volunteers.seenOnlyOnRostersNoPick');
  return { status: row.status };
}
