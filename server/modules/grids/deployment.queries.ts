import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { deployments, organizations, teams } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { rankInParent, unranked } from '../../platform/list-caps';
import type { Viewer } from '../auth/viewer';
import type { TeamKind, TeamRow } from '../teams/team.type';
import { visibleTeamIdSql } from '../teams/team.policy';
import { g, go, gridVisibleWhere } from './grid.queries';
import type { DeploymentRow } from './grid.type';

/** A deployment with what access checks need: both sides' organization paths and the team's kind. */
export type DeploymentRecord = DeploymentRow & { teamKind: TeamKind; teamOrganizationPath: string; gridOrganizationPath: string };

const d = alias(deployments, 'd');
const t = alias(teams, 't');
const tor = alias(organizations, 'tor');

const columns = {
  id: d.id, teamId: d.teamId, gridId: d.gridId, startsOn: d.startsOn, endsOn: d.endsOn, createdAt: d.createdAt,
  teamKind: t.kind, teamOrganizationPath: sql<string>`${tor.path}::text`.as('team_organization_path'),
  gridOrganizationPath: sql<string>`${go.path}::text`.as('grid_organization_path'),
};

export async function selectDeployments(db: DbOrTx, where: SQL | undefined): Promise<DeploymentRecord[]> {
  return db.select(columns).from(d)
    .innerJoin(g, eq(g.id, d.gridId)).innerJoin(go, eq(go.id, g.organizationId))
    .innerJoin(t, eq(t.id, d.teamId)).innerJoin(tor, eq(tor.id, t.organizationId))
    .where(where)
    .orderBy(d.startsOn, d.id);
}

/** The deployments of several grids, oldest start first, at most `cap` per grid. */
export async function selectDeploymentsPerGrid(db: DbOrTx, where: SQL, cap: number): Promise<DeploymentRecord[]> {
  const ranked = db.select({ ...columns, rank: rankInParent(d.gridId, d.startsOn, d.id) }).from(d)
    .innerJoin(g, eq(g.id, d.gridId)).innerJoin(go, eq(go.id, g.organizationId))
    .innerJoin(t, eq(t.id, d.teamId)).innerJoin(tor, eq(tor.id, t.organizationId))
    .where(where).as('ranked');
  return unranked(await db.select().from(ranked).where(sql`${ranked.rank} <= ${cap}`).orderBy(ranked.gridId, ranked.startsOn, ranked.id));
}

/** Deployments on grids the viewer sees, of teams the viewer sees (the one team rule, correction confidentiality in it). */
export function deploymentVisibleWhere(viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  return and(gridVisibleWhere(viewer), visibleTeamIdSql(viewer, d.teamId))!;
}

export function deploymentIdIn(ids: readonly number[]): SQL {
  return sql`${d.id} = any(${sql.param(ids as number[])}::int[])`;
}

export function deploymentGridIdIn(ids: readonly number[]): SQL {
  return sql`${d.gridId} = any(${sql.param(ids as number[])}::int[])`;
}

export async function findDeployment(db: DbOrTx, id: number, viewer: Viewer | null): Promise<DeploymentRecord | undefined> {
  const [row] = await selectDeployments(db, and(eq(d.id, id), deploymentVisibleWhere(viewer)));
  return row;
}

export async function insertDeployment(
  db: DbOrTx, values: { teamId: number; gridId: number; startsOn: string; endsOn: string | null; createdBy: number },
): Promise<number> {
  const [{ id }] = await db.insert(deployments).values(values).returning({ id: deployments.id });
  return id;
}

export async function setDeploymentEnd(db: DbOrTx, id: number, endsOn: string): Promise<void> {
  await db.update(deployments).set({ endsOn }).where(eq(deployments.id, id));
}

/** A team the viewer may see (team.policy's rule), with its organization's path for access checks. */
export async function findVisibleTeam(db: DbOrTx, id: number, viewer: Viewer): Promise<{ id: number; kind: TeamKind; organizationPath: string } | undefined> {
  const [row] = await db.select({ id: t.id, kind: t.kind, organizationPath: sql<string>`${tor.path}::text` })
    .from(t).innerJoin(tor, eq(tor.id, t.organizationId)).where(and(eq(t.id, id), visibleTeamIdSql(viewer, t.id)));
  return row;
}

/** Teams by id, unscoped: only reached through a deployment the viewer may already see. */
export async function selectTeamsById(db: DbOrTx, ids: readonly number[]): Promise<TeamRow[]> {
  return db.select({ id: teams.id, organizationId: teams.organizationId, name: teams.name, kind: teams.kind, createdAt: teams.createdAt })
    .from(teams).where(sql`${teams.id} = any(${sql.param(ids as number[])}::int[])`);
}
