import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { OrganizationKind } from './organization-kind.enum';
import { listCap } from '../../platform/list-caps';

/** Query.organizations: a city's towns, villages, Party organizations, enterprises and associations. */
export const VISIBLE_ORGANIZATIONS = listCap(1000, 20);

/** Fields other modules add (parent, teams, volunteers) are field resolvers on this type. */
@ObjectType('Organization', { implements: Node })
export class Organization extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;
}

/** What services and loaders hand around: the table row with its ltree path as text. */
export interface OrganizationRow {
  id: number;
  name: string;
  kind: OrganizationKind;
  parentId: number | null;
  path: string;
  restLimitHours: number;
  createdAt: Date;
}
