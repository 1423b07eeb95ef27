import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { Organization } from '../organizations/organization.type';
import { Role } from './role.enum';
import { listCap } from '../../platform/list-caps';

/** Account.roles: staff hold a role or two. */
export const ACCOUNT_ROLES = listCap(100, 2);

@ObjectType('RoleGrant')
export class RoleGrant {
  @Field(() => Role)
  role!: Role;

  @Field(() => Organization, { nullable: true, description: 'Null for PLATFORM_ADMIN and the grid roles (see Account.gridRoles).' })
  organization!: unknown;
}

@ObjectType('Account', { implements: Node })
export class Account extends Node {
  @Field(() => String)
  mobile!: string;

  @Field(() => String)
  displayName!: string;
}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String, { description: 'Bearer token for the Authorization header and for graphql-ws connection_init {authorization}.' })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Account)
  account!: unknown;
}

@ObjectType('PasswordReset', { description: 'A password reset code issued by staff.' })
export class PasswordReset {
  @Field(() => String, { nullable: true, description: "The code to hand over in person (a staff account's); null when it was sent by SMS to the person's own mobile (a volunteer's)." })
  code!: string | null;

  @Field(() => Boolean)
  sentBySms!: boolean;

  @Field(() => Date)
  expiresAt!: Date;
}
