/** Pure rules for shift input; services call these before opening a transaction. */
import { BadUserInputError } from '../../platform/errors';
import { shanghaiMidnight } from '../../platform/date-range';
import { normalizeSkills } from '../volunteers/volunteer.validation';
import type { DutyType } from './shift.type';

const HOUR = 3600_000;
export const MAX_SHIFT_HOURS = 24;
export const MAX_ROTATION_DAYS = 62;
/** Enough for any real post; bounded so one request cannot carry tens of thousands. */
export const MAX_REQUIRED_SKILLS = 30;
export const MAX_ELIGIBLE_TEAMS = 100;

/** The shift's skill and team lists, validated the same way for create and update. */
function cleanLists(skills: string[] | null | undefined, teamIds: number[] | null | undefined, prefix: string) {
  if ((skills?.length ?? 0) > MAX_REQUIRED_SKILLS) {
    throw new BadUserInputError({ key: 'shifts.tooManySkills', params: { max: MAX_REQUIRED_SKILLS } }, `${prefix}.requiredSkills`);
  }
  if ((teamIds?.length ?? 0) > MAX_ELIGIBLE_TEAMS) {
    throw new BadUserInputError({ key: 'shifts.tooManyTeams', params: { max: MAX_ELIGIBLE_TEAMS } }, `${prefix}.eligibleTeamIds`);
  }
  const requiredSkills = skills == null ? undefined : normalizeSkills(skills);
  if (requiredSkills === null) throw new BadUserInputError('shifts.skillLength', `${prefix}.requiredSkills`);
  return { requiredSkills, eligibleTeamIds: teamIds == null ? undefined : [...new Set(teamIds)] };
}

/** Everything of a shift except its times, as the caller gave it (ids already decoded). */
export interface ShiftTemplate {
  title: string;
  duty: DutyType;
  gridId: number;
  location?: string | null;
  capacity: number;
  requiredSkills?: string[] | null;
  requiresPartyMember?: boolean | null;
  eligibleTeamIds?: number[] | null;
}

export interface CleanTemplate {
  title: string;
  duty: DutyType;
  gridId: number;
  location: string | null;
  capacity: number;
  requiredSkills: string[];
  requiresPartyMember: boolean;
  eligibleTeamIds: number[];
}

export interface Period {
  startsAt: Date;
  endsAt: Date;
}

function cleanText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length < 1 || [...text].length > max || /\p{Cc}/u.test(text)) {
    throw new BadUserInputError({ key: 'text.lengthAndControls', params: { field: field.split('.').at(-1)!, max } }, field);
  }
  return text;
}

/** `prefix` is 'input' for createShift and 'input.template' for a rotation, so errors name the real field. */
export function cleanTemplate(input: ShiftTemplate, prefix: string): CleanTemplate {
  const title = cleanText(input.title, `${prefix}.title`, 100);
  const location = input.location == null || input.location.trim() === '' ? null : cleanText(input.location, `${prefix}.location`, 200);
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000) {
    throw new BadUserInputError('shifts.capacityRange', `${prefix}.capacity`);
  }
  const lists = cleanLists(input.requiredSkills ?? [], input.eligibleTeamIds ?? [], prefix);
  return {
    title, duty: input.duty, gridId: input.gridId, location, capacity: input.capacity, requiredSkills: lists.requiredSkills!,
    requiresPartyMember: input.requiresPartyMember ?? false,
    eligibleTeamIds: lists.eligibleTeamIds!,
  };
}

export function checkPeriod(startsAt: Date, endsAt: Date, prefix = 'input'): Period {
  if (Number.isNaN(startsAt.getTime())) throw new BadUserInputError('shifts.startsAtInvalid', `${prefix}.startsAt`);
  if (!(endsAt.getTime() > startsAt.getTime())) throw new BadUserInputError('shifts.endsBeforeStart', `${prefix}.endsAt`);
  if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_HOURS * HOUR) {
    throw new BadUserInputError({ key: 'shifts.tooLong', params: { hours: MAX_SHIFT_HOURS } }, `${prefix}.endsAt`);
  }
  return { startsAt, endsAt };
}

export interface RotationPlan {
  startDate: string;
  days: number;
  shiftsPerDay: number;
  dayStartsAt?: string | null;
}

/**
 * The periods of a rotation: `shiftsPerDay` back-to-back shifts covering each of `days` days,
 * the first starting at `dayStartsAt` Asia/Shanghai, so with a start other than 00:00 the last
 * shift of a day runs past midnight into the next.
 */
export function rotationPeriods(plan: RotationPlan): Period[] {
  if (!Number.isInteger(plan.shiftsPerDay) || plan.shiftsPerDay < 1 || plan.shiftsPerDay > 12 || 24 % plan.shiftsPerDay !== 0) {
    throw new BadUserInputError('shifts.shiftsPerDayDivides', 'input.shiftsPerDay');
  }
  if (!Number.isInteger(plan.days) || plan.days < 1 || plan.days > MAX_ROTATION_DAYS) {
    throw new BadUserInputError({ key: 'shifts.rotationDays', params: { max: MAX_ROTATION_DAYS } }, 'input.days');
  }
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(plan.dayStartsAt ?? '00:00');
  if (!time) throw new BadUserInputError('shifts.dayStartsAtFormat', 'input.dayStartsAt');
  const firstStart = shanghaiMidnight(plan.startDate).getTime() + (Number(time[1]) * 60 + Number(time[2])) * 60_000;
  const length = (24 / plan.shiftsPerDay) * HOUR;
  // Asia/Shanghai has no daylight saving, so every day is exactly 24 hours.
  return Array.from({ length: plan.days * plan.shiftsPerDay }, (_, i) => ({
    startsAt: new Date(firstStart + i * length),
    endsAt: new Date(firstStart + (i + 1) * length),
  }));
}

/** Free-text reason for a cancellation (a shift's or an assignment's); blank means none; line breaks allowed. */
export function cleanReason(reason: string | null | undefined): string | null {
  if (reason == null || reason.trim() === '') return null;
  const text = reason.trim();
  if ([...text].length > 500 || /\p{Cc}/u.test(text.replace(/[\n\t]/g, ' '))) {
    throw new BadUserInputError({ key: 'text.atMostNoControls', params: { field: 'reason', max: 500 } }, 'reason');
  }
  return text;
}

/** What updateShift may change; absent (undefined or null) leaves a field as it is. */
export interface ShiftChanges {
  title?: string | null;
  duty?: DutyType | null;
  location?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  capacity?: number | null;
  requiredSkills?: string[] | null;
  requiresPartyMember?: boolean | null;
  eligibleTeamIds?: number[] | null;
}

/** The columns to set, validated like createShift's; `location: ''` clears the location. */
export interface CleanChanges {
  title?: string;
  duty?: DutyType;
  location?: string | null;
  capacity?: number;
  requiredSkills?: string[];
  requiresPartyMember?: boolean;
  eligibleTeamIds?: number[];
}

export function cleanChanges(changes: ShiftChanges, prefix = 'changes'): CleanChanges {
  const clean: CleanChanges = {};
  if (changes.title != null) clean.title = cleanText(changes.title, `${prefix}.title`, 100);
  if (changes.duty != null) clean.duty = changes.duty;
  if (changes.location != null) {
    clean.location = changes.location.trim() === '' ? null : cleanText(changes.location, `${prefix}.location`, 200);
  }
  if (changes.capacity != null) {
    if (!Number.isInteger(changes.capacity) || changes.capacity < 1 || changes.capacity > 1000) {
      throw new BadUserInputError('shifts.capacityRange', `${prefix}.capacity`);
    }
    clean.capacity = changes.capacity;
  }
  const lists = cleanLists(changes.requiredSkills, changes.eligibleTeamIds, prefix);
  if (lists.requiredSkills) clean.requiredSkills = lists.requiredSkills;
  if (changes.requiresPartyMember != null) clean.requiresPartyMember = changes.requiresPartyMember;
  if (lists.eligibleTeamIds) clean.eligibleTeamIds = lists.eligibleTeamIds;
  return clean;
}

/** The new period when either end changes (the other end kept), validated; null when neither does. */
export function changedPeriod(changes: ShiftChanges, current: Period, prefix = 'changes'): Period | null {
  if (changes.startsAt == null && changes.endsAt == null) return null;
  let period: Period;
  try {
    period = checkPeriod(changes.startsAt ?? current.startsAt, changes.endsAt ?? current.endsAt, prefix);
  } catch (error) {
    // Blame the end the caller moved: only startsAt given means startsAt is what broke the period.
    if (error instanceof BadUserInputError && changes.endsAt == null) throw new BadUserInputError(error.localized, `${prefix}.startsAt`);
    throw error;
  }
  const same = period.startsAt.getTime() === current.startsAt.getTime() && period.endsAt.getTime() === current.endsAt.getTime();
  return same ? null : period;
}
