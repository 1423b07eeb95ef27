import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { HouseholdNeed } from './request.enums';
import { listCap } from '../../platform/list-caps';

/** Grid.households: a building holds some dozens, a grid's subtree a few thousand. */
export const HOUSEHOLDS = listCap(5000, 50);

/** A household as read: its row plus what the field rules need about its grid. */
export interface HouseholdRow {
  id: number;
  gridId: number;
  address: string;
  contactName: string | null;
  contactPhone: string | null;
  residentCount: number;
  needs: HouseholdNeed[];
  note: string | null;
  gridPath: string;
  organizationPath: string;
}

/** grid and contactPhone are field resolvers; the whole record is sensitive (visibility/households.ts). */
@ObjectType('Household', {
  implements: Node,
  description: "Residents at one address in a grid (a building or sub-grid). Health and family facts: visible only to those who look after the grid's residents and to a volunteer while a request of theirs for it is open.",
})
export class Household extends Node {
  @Field(() => String, { description: 'Within the grid, e.g. 3单元502.' })
  address!: string;

  @Field(() => String, { nullable: true })
  contactName!: string | null;

  @Field(() => Int)
  residentCount!: number;

  @Field(() => [HouseholdNeed], { description: 'Standing needs.' })
  needs!: HouseholdNeed[];

  @Field(() => String, { nullable: true })
  note!: string | null;
}
