import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { DateScalar } from '../../platform/scalars';
import { listCap } from '../../platform/list-caps';

/** Query.grids: a viewer's top-level grids (a town's villages) or one grid's children. */
export const TOP_GRIDS = listCap(500, 10);
/** Grid.children: a village has some grids, a grid up to a few dozen sub-grids or buildings. */
export const CHILD_GRIDS = listCap(500, 10);
/** Grid.subtree: a whole town down to its 包栋 buildings stays within a few thousand. */
export const GRID_SUBTREE = listCap(5000, 50);
/** Grid.deployments: teams sent to one grid over an outbreak. */
export const GRID_DEPLOYMENTS = listCap(200, 3);
/** Grid.zoneHistory: zone changes of one grid. */
export const ZONE_HISTORY = listCap(500, 5);

export const GRID_LEVELS = ['TOWN', 'VILLAGE', 'GRID', 'SUB_GRID', 'BUILDING'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];
export const GridLevel = defineEnum('GridLevel', GRID_LEVELS, {
  TOWN: 'Town or subdistrict (镇/街道).',
  VILLAGE: 'Village or residential community (村/社区).',
  GRID: 'Grid (网格).',
  SUB_GRID: 'Grid within a grid (格中格), a squad\'s patch.',
  BUILDING: 'One building under per-building responsibility (包栋).',
});

export const ZONE_LEVELS = ['LOCKDOWN', 'CONTROL', 'PREVENTION', 'NORMAL'] as const;
export type ZoneLevel = (typeof ZONE_LEVELS)[number];
export const ZoneLevel = defineEnum('ZoneLevel', ZONE_LEVELS, { LOCKDOWN: '封控区', CONTROL: '管控区', PREVENTION: '防范区' });

/** parent, children, leader, deployments, shifts and hours are field resolvers. */
@ObjectType('Grid', { implements: Node })
export class Grid extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => GridLevel)
  level!: GridLevel;

  @Field(() => ZoneLevel)
  zone!: ZoneLevel;
}

export interface GridRow {
  id: number;
  name: string;
  level: GridLevel;
  parentId: number | null;
  organizationId: number;
  path: string;
  zone: ZoneLevel;
  leaderVolunteerId: number | null;
  createdAt: Date;
}

@ObjectType('Deployment', { implements: Node, description: "A team sent to serve a grid for a period. While it runs, the grid's coordinators may see and assign the team's members." })
export class Deployment extends Node {
  @Field(() => DateScalar)
  startsOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Inclusive; null while open-ended.' })
  endsOn!: string | null;
}

export interface DeploymentRow {
  id: number;
  teamId: number;
  gridId: number;
  startsOn: string;
  endsOn: string | null;
  createdAt: Date;
}

/** One entry of a grid's zone history (封控区 → 管控区 → 防范区): staff see who changed it and when. */
@ObjectType('ZoneChange')
export class ZoneChange {
  @Field(() => ZoneLevel)
  zone!: ZoneLevel;

  @Field(() => Date)
  changedAt!: Date;

  @Field(() => String, { nullable: true, description: "Display name of the account that made the change; null when unknown." })
  changedBy!: string | null;
}

export interface ZoneChangeRow {
  gridId: number;
  zone: ZoneLevel;
  changedAt: Date;
  changedBy: string | null;
}
