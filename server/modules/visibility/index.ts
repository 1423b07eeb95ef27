/**
 * Who sees what, in one room: every visibility rule of gridroster, each defined once as SQL over
 * the caller's expressions (see subject.ts for why those can never be captured). Policies, queries
 * and loaders of every module call these; docs/ARCHITECTURE.md tabulates them, and the parity tests
 * in test/integration/visibility/ ask every path the same question.
 */
export { pathsParam, existsFor, valueFor, col, deploymentRunning } from './subject';
export { isConfidentialTeam, confidentialTeamSql, correctionVisibleSql, seesCorrection } from './correction';
export { visibleVolunteerSql, rosterRowWitnessSql, type VolunteerScopeOptions } from './volunteers';
export { visibleTeamIdSql } from './teams';
export { visibleGridSql } from './grids';
export { visibleOrganizationSql, visibleOrganizationOfSql } from './organizations';
export { RESIDENT_STAFF, looksAfterResidents, looksAfterResidentsSql, readsResidentContact } from './grid-roles';
export { servesGridSql, teamServesGridSql } from './serving';
export { visibleHouseholdSql, ACTIVE_RUN } from './households';
export { visibleRequestSql } from './requests';
