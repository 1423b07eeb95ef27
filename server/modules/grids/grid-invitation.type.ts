import { Field, ObjectType } from 'type-graphql';
import { Role } from '../auth/role.enum';

/** id, grid, mobile, status and code are field resolvers. */
@ObjectType('GridRoleInvitation', { description: 'A grid role offered to the holder of a mobile: they sign in (signing up first if need be) and accept it with the code.' })
export class GridRoleInvitation {
  @Field(() => Role)
  role!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
