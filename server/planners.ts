import type { Context } from './context';
import type { Planners } from './platform/compiled-execution';
import { planShiftList } from './modules/shifts/shift-list.planner';

/**
 * Root fields answered by a planner (a few statements building the whole subtree) instead of
 * field by field; each falls back to its resolvers for any selection or request it does not know.
 */
export const PLANNERS: Planners<Context> = {
  query: { shifts: planShiftList },
};
