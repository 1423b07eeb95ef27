import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { canDeploy } from './grid.policy';
import { findGrid } from './grid.queries';
import { findDeployment, findVisibleTeam, insertDeployment, setDeploymentEnd, type DeploymentRecord } from './deployment.queries';

const FORBIDDEN = 'deployments.needsStaffOverBoth';

/** Sends a team to serve a grid from startsOn to endsOn (inclusive, Asia/Shanghai; null = open-ended). */
export async function deployTeam(
  db: Db, viewer: Viewer, input: { teamId: number; gridId: number; startsOn: string; endsOn: string | null },
): Promise<DeploymentRecord> {
  if (input.endsOn != null && input.endsOn < input.startsOn) throw new BadUserInputError('deployments.endsBeforeStart', 'endsOn');
  return db.transaction(async (tx) => {
    const team = await findVisibleTeam(tx, input.teamId, viewer);
    if (!team) throw new NotFoundError('Team');
    const grid = await findGrid(tx, input.gridId, viewer);
    if (!grid) throw new NotFoundError('Grid');
    if (!canDeploy(viewer, team.organizationPath, grid.organizationPath)) throw new ForbiddenError(FORBIDDEN);
    const id = await insertDeployment(tx, { ...input, createdBy: viewer.accountId });
    return (await findDeployment(tx, id, viewer))!;
  });
}

/** Ends a deployment early: endsOn may only bring the end forward, never before the start. */
export async function endDeployment(db: Db, viewer: Viewer, id: number, endsOn: string): Promise<DeploymentRecord> {
  return db.transaction(async (tx) => {
    const deployment = await findDeployment(tx, id, viewer);
    if (!deployment) throw new NotFoundError('Deployment');
    if (!canDeploy(viewer, deployment.teamOrganizationPath, deployment.gridOrganizationPath)) throw new ForbiddenError(FORBIDDEN);
    if (endsOn < deployment.startsOn) throw new BadUserInputError('deployments.endsBeforeStart', 'endsOn');
    if (deployment.endsOn != null && endsOn > deployment.endsOn) {
      throw new BadUserInputError({ key: 'deployments.onlyBringForward', params: { endsOn: deployment.endsOn } }, 'endsOn');
    }
    await setDeploymentEnd(tx, id, endsOn);
    return { ...deployment, endsOn };
  });
}
