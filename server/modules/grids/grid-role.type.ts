import { Field, ObjectType } from 'type-graphql';
import { Role } from '../auth/role.enum';
import { listCap } from '../../platform/list-caps';

/** Account.gridRoles: a grid worker holds a grid or two, a leader perhaps a few. */
export const ACCOUNT_GRID_ROLES = listCap(100, 2);

/** grid is a field resolver. */
@ObjectType('GridRoleGrant', { description: 'A grid role (网格员 GRID_WORKER, 网格长 GRID_LEADER) over a grid and every grid below it.' })
export class GridRoleGrant {
  @Field(() => Role)
  role!: string;

  @Field(() => Boolean, { description: "Held as the grid's named leader (setGridLeader) rather than granted; it ends when someone else is named." })
  asLeader!: boolean;
}
