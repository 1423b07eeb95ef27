import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { correctionPaths, seesCorrection, type Viewer } from '../auth/viewer';
import type { OrganizationKind } from '../organizations/organization-kind.enum';
import type { TeamKind } from '../teams/team.type';
import { pathsParam } from './subject';

/**
 * Correction confidentiality, defined once. A correction team, and any team a correction office
 * owns, is confidential: its existence and members are for that office's correction officers and
 * platform admins only. The same holds for an affiliation with a correction office and for the
 * office's own posts.
 */
export function isConfidentialTeam(kind: TeamKind, orgKind: OrganizationKind): boolean {
  return kind === 'COMMUNITY_CORRECTION' || orgKind === 'CORRECTION_OFFICE';
}

/** `isConfidentialTeam` over SQL expressions for the team's kind and its organization's kind. */
export function confidentialTeamSql(teamKind: SQL | AnyColumn, orgKind: SQL | AnyColumn): SQL {
  return sql`(${teamKind} = 'COMMUNITY_CORRECTION' or ${orgKind} = 'CORRECTION_OFFICE')`;
}

/**
 * "May the viewer see something owned by this organization that may be correction-confidential?"
 * as SQL over an organization path and a flag saying whether the thing is confidential. Both are the
 * caller's expressions, used in the caller's own scope (no subquery), so nothing can capture them.
 */
export function correctionVisibleSql(viewer: Viewer, orgPath: SQL | AnyColumn, confidential: SQL): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const paths = correctionPaths(viewer);
  if (paths.length === 0) return sql`not (${confidential})`;
  return sql`(not (${confidential}) or ${orgPath} <@ ${pathsParam(paths)})`;
}

export { seesCorrection };
