import { shanghaiDate, shanghaiMidnight } from '../../platform/date-range';
import { BadUserInputError } from '../../platform/errors';
import { minutesOf } from './request.policy';
import type { Urgency } from './request.enums';

const DAY = 86_400_000;
/** How far back a paper order may be typed in: the previous day's collection round. */
export const MAX_BACKDATE_MS = 2 * DAY;

function addDays(day: string, days: number): string {
  return shanghaiDate(new Date(shanghaiMidnight(day).getTime() + days * DAY));
}

/** Minutes after Shanghai midnight of an instant. */
function shanghaiMinutes(at: Date): number {
  return Math.floor((at.getTime() - shanghaiMidnight(shanghaiDate(at)).getTime()) / 60_000);
}

/**
 * The day a request is planned for: orders collected before the grid's cut-off go out the next
 * day, later ones the day after (the reports' 17:00 round); an emergency goes out the same day.
 */
export function plannedDay(collectedAt: Date, cutoff: string, urgency: Urgency): string {
  const day = shanghaiDate(collectedAt);
  if (urgency === 'EMERGENCY') return day;
  return addDays(day, shanghaiMinutes(collectedAt) < minutesOf(cutoff, 'cutoff') ? 1 : 2);
}

/** When the order was taken: now, or earlier the same round (typed in from paper), never ahead. */
export function collectionTime(given: Date | null | undefined, now = new Date()): Date {
  if (!given) return now;
  if (given.getTime() > now.getTime() + 60_000) throw new BadUserInputError('requests.collectedInFuture', 'input.collectedAt');
  if (now.getTime() - given.getTime() > MAX_BACKDATE_MS) throw new BadUserInputError('requests.collectedTooLongAgo', 'input.collectedAt');
  return given;
}

/** The window on the planned day, [from, to) in Asia/Shanghai; 08:00–20:00 unless given. */
export function windowOn(day: string, from = '08:00', to = '20:00'): { start: Date; end: Date } {
  const start = minutesOf(from, 'input.windowFrom');
  const end = minutesOf(to, 'input.windowTo');
  if (end <= start) throw new BadUserInputError('requests.windowOrder', 'input.windowTo');
  const midnight = shanghaiMidnight(day).getTime();
  return { start: new Date(midnight + start * 60_000), end: new Date(midnight + end * 60_000) };
}
