import type { DbOrTx } from './platform/db';
import type { Viewer } from './modules/auth/viewer';
import type { AppDeps } from './context';
import { createAccountLoaders } from './modules/auth/auth.loaders';
import { findAccount } from './modules/auth/auth.queries';
import { visibleRequest } from './modules/volunteers/affiliation.service';
import { createOrganizationLoaders } from './modules/organizations/organization.loaders';
import { createVolunteerLoaders } from './modules/volunteers/volunteer.loaders';
import { createGridLoaders } from './modules/grids/grid.loaders';
import { createTeamLoaders } from './modules/teams/team.loaders';
import { createHoursLoaders } from './modules/hours/hours.loaders';
import { createCorrectionLoaders } from './modules/hours/correction-request.loaders';
import { createCertificateLoaders } from './modules/certificates/certificate.loaders';
import { createShiftLoaders } from './modules/shifts/shift.loaders';
import { createAssignmentLoaders } from './modules/assignments/assignment.loaders';
import { createRequestLoaders } from './modules/requests/request.loaders';

/**
 * Every DataLoader of a request, built fresh per request (and per subscription event) so nothing
 * is cached across viewers. Loaders named `visible…` apply the viewer's scope themselves.
 */
export function createLoaders(db: DbOrTx, viewer: Viewer | null, _deps: AppDeps) {
  const accounts = createAccountLoaders(db);
  const organizations = createOrganizationLoaders(db, viewer);
  const volunteers = createVolunteerLoaders(db, viewer, organizations);
  const grids = createGridLoaders(db, viewer);
  const teams = createTeamLoaders(db, viewer);
  const hours = createHoursLoaders(db, viewer);
  const corrections = createCorrectionLoaders(db, viewer);
  const certificates = createCertificateLoaders(db, viewer);
  const shifts = createShiftLoaders(db, viewer);
  const assignments = createAssignmentLoaders(db, viewer);
  const requests = createRequestLoaders(db, viewer);
  const nodes = {
    Organization: (id: number) => organizations.visibleById.load(id),
    Volunteer: (id: number) => volunteers.visibleById.load(id),
    Grid: (id: number) => grids.visibleById.load(id),
    Deployment: (id: number) => grids.visibleDeploymentById.load(id),
    Team: (id: number) => teams.visibleById.load(id),
    HourAdjustment: (id: number) => hours.adjustmentById.load(id),
    HoursCorrectionRequest: (id: number) => corrections.visibleById.load(id),
    Certificate: (id: number) => certificates.visibleById.load(id),
    CertificateRequest: (id: number) => certificates.visibleRequestById.load(id),
    Shift: (id: number) => shifts.visibleById.load(id),
    Assignment: (id: number) => assignments.visibleById.load(id),
    Household: (id: number) => requests.visibleHouseholdById.load(id),
    ServiceRequest: (id: number) => requests.visibleRequestById.load(id),
    ServiceRun: (id: number) => requests.visibleRunById.load(id),
    AffiliationRequest: (id: number) => visibleRequest(db, viewer, id),
    Account: async (id: number) => (viewer && (viewer.accountId === id || viewer.isPlatformAdmin) ? findAccount(db, id) : null),
  } as Record<string, (id: number) => Promise<object | null | undefined>>;
  return { accounts, organizations, volunteers, grids, teams, hours, corrections, certificates, shifts, assignments, requests, nodes };
}

export type Loaders = ReturnType<typeof createLoaders>;
