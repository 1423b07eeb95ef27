import { registerEnumType } from 'type-graphql';

export const ROLES = ['PLATFORM_ADMIN', 'ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER', 'VOLUNTEER'] as const;
export type Role = (typeof ROLES)[number];
export const Role = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };

registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    ORG_ADMIN: { description: 'Administers one organization: registers and approves its volunteers, manages its teams and staff.' },
    COORDINATOR: { description: "Plans shifts and assigns volunteers within the organization's scope." },
    CORRECTION_OFFICER: { description: 'Staff of a correction office (司法所): the only people who may see who is a community-correction participant.' },
  },
});
