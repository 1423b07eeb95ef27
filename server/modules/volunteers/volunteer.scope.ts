/** The volunteer rule lives with every other visibility rule in modules/visibility; this is its old address. */
export { pathsParam, correctionVisibleSql, visibleVolunteerSql, rosterRowWitnessSql } from '../visibility';
export type { VolunteerScopeOptions as ScopeOptions } from '../visibility';
