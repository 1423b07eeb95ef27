import 'reflect-metadata';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateScalar, DateTimeScalar } from './platform/scalars';
import { enforceDeadlines } from './platform/deadline';
import { NodeResolver } from './modules/node/node.resolver';
import { AccountResolver, RoleGrantResolver } from './modules/auth/auth.resolver';
import { OrganizationResolver } from './modules/organizations/organization.resolver';
import { AccountVolunteerResolver, OrganizationVolunteersResolver, VolunteerResolver } from './modules/volunteers/volunteer.resolver';
import { ActivationResolver, AffiliationRequestResolver, OrganizationRequestsResolver } from './modules/volunteers/affiliation.resolver';
import { GridResolver, VolunteerHomeGridResolver } from './modules/grids/grid.resolver';
import { DeploymentResolver } from './modules/grids/deployment.resolver';
import { OrganizationTeamsResolver, TeamMembershipResolver, TeamResolver, VolunteerTeamsResolver } from './modules/teams/team.resolver';
import { GridHoursResolver, HoursResolver, TeamHoursResolver, VolunteerHoursResolver } from './modules/hours/hours.resolver';
import {
  CertificateContentResolver, CertificateRequestResolver, CertificateResolver, OrganizationCertificatesResolver, VolunteerCertificatesResolver,
} from './modules/certificates/certificate.resolver';
import { ExportResolver } from './modules/exports/export.resolver';
import { CorrectionReportResolver } from './modules/hours/correction-report.resolver';
import { CorrectionRequestResolver, VolunteerCorrectionRequestsResolver } from './modules/hours/correction-request.resolver';
import { GridShiftsResolver, ShiftResolver } from './modules/shifts/shift.resolver';
import { RosterEventResolver } from './modules/roster-events/roster-event.resolver';
import { RosterLiveResolver } from './modules/roster-events/roster-live.resolver';
import { AssignmentResolver } from './modules/assignments/assignment.resolver';
import { ShiftRosterResolver, VolunteerAssignmentsResolver } from './modules/assignments/roster.resolver';
import { OrganizationRestLimitResolver } from './modules/assignments/rest-limit.resolver';
import { AccountGridRolesResolver, GridRoleResolver } from './modules/grids/grid-role.resolver';
import { GridHouseholdsResolver, HouseholdResolver } from './modules/requests/household.resolver';
import { RequestBuildingResolver, ServiceRequestResolver } from './modules/requests/request.resolver';
import { ServiceRunResolver } from './modules/requests/run.resolver';
import { RequestEventResolver } from './modules/requests/request-live.resolver';

/** Every resolver class; a module adds its own here. */
const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  AccountResolver,
  RoleGrantResolver,
  OrganizationResolver,
  VolunteerResolver,
  AccountVolunteerResolver,
  OrganizationVolunteersResolver,
  AffiliationRequestResolver,
  OrganizationRequestsResolver,
  ActivationResolver,
  GridResolver,
  DeploymentResolver,
  VolunteerHomeGridResolver,
  TeamResolver,
  TeamMembershipResolver,
  OrganizationTeamsResolver,
  VolunteerTeamsResolver,
  HoursResolver,
  VolunteerHoursResolver,
  TeamHoursResolver,
  GridHoursResolver,
  CorrectionRequestResolver,
  VolunteerCorrectionRequestsResolver,
  CertificateResolver,
  CertificateContentResolver,
  CertificateRequestResolver,
  VolunteerCertificatesResolver,
  OrganizationCertificatesResolver,
  CorrectionReportResolver,
  ExportResolver,
  ShiftResolver,
  GridShiftsResolver,
  RosterEventResolver,
  RosterLiveResolver,
  AssignmentResolver,
  ShiftRosterResolver,
  VolunteerAssignmentsResolver,
  OrganizationRestLimitResolver,
  GridRoleResolver,
  AccountGridRolesResolver,
  HouseholdResolver,
  GridHouseholdsResolver,
  ServiceRequestResolver,
  RequestBuildingResolver,
  ServiceRunResolver,
  RequestEventResolver,
];

let cached: Promise<GraphQLSchema> | undefined;

export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    orphanedTypes: [],
    validate: false,
    // Live rosters stream from PostgreSQL's roster event log (roster-stream.ts), not from an
    // in-process pub/sub; type-graphql insists on one, so topic-based subscriptions are refused.
    pubSub: {
      publish: () => { throw new Error('topic subscriptions are not used'); },
      subscribe: () => { throw new Error('topic subscriptions are not used'); },
    },
  }).then((schema) => enforceDeadlines(lexicographicSortSchema(schema)));
  return cached;
}

/** The SDL checked in at schema/schema.graphql. */
export async function printAppSchema(): Promise<string> {
  return printSchema(await buildAppSchema()) + '\n';
}

export { DateScalar };
