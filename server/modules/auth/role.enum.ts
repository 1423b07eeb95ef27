import { registerEnumType } from 'type-graphql';

export const ROLES = ['PLATFORM_ADMIN', 'ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER', 'VOLUNTEER', 'GRID_WORKER', 'GRID_LEADER'] as const;
/** Roles granted over a grid and everything below it rather than over an organization. */
export const GRID_ROLES = ['GRID_WORKER', 'GRID_LEADER'] as const;
export type GridRole = (typeof GRID_ROLES)[number];
export type Role = (typeof ROLES)[number];
export const Role = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };

registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    ORG_ADMIN: { description: 'Administers one organization: registers and approves its volunteers, manages its teams and staff.' },
    COORDINATOR: { description: "Plans shifts and assigns volunteers within the organization's scope." },
    CORRECTION_OFFICER: { description: 'Staff of a correction office (司法所): the only people who may see who is a community-correction participant.' },
    GRID_WORKER: { description: "Grid worker (网格员), over one grid and the grids below it: records its households and service requests, dispatches them to volunteers who serve it, reads its request numbers. Nothing outside the grid, no shifts, no registrations." },
    GRID_LEADER: { description: "Grid leader (网格长): a grid worker's rights over the grid, plus its request cut-off and its grid workers. A grid's leader (setGridLeader) holds it over that grid." },
  },
});
