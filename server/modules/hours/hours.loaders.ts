import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { hourAdjustments } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { rangeBounds } from '../../platform/date-range';
import type { Viewer } from '../auth/viewer';
import { creditVisibleSql } from './hours.policy';
import { selectTalliesBySubject, type Subject, type Tally } from './hours.queries';
import type { HourAdjustmentRow } from './hours.type';

type RangeArg = { from?: string | null; to?: string | null } | null | undefined;

const EMPTY: Tally = { hours: 0, personTimes: 0, volunteers: 0 };

const rangeKey = (range: RangeArg) => JSON.stringify([range?.from ?? null, range?.to ?? null]);

/** One loader per subject kind; keys carry the range so one statement serves each distinct range. */
function tallyLoader(db: DbOrTx, viewer: Viewer | null, subject: Subject) {
  return new DataLoader<{ id: number; range: RangeArg }, Tally, string>(async (keys) => {
    if (!viewer) return keys.map(() => EMPTY);
    const byRange = new Map<string, number[]>();
    for (const key of keys) byRange.set(rangeKey(key.range), [...(byRange.get(rangeKey(key.range)) ?? []), key.id]);
    const results = new Map<string, Tally>();
    for (const [range, ids] of byRange) {
      const [from, to] = JSON.parse(range) as [string | null, string | null];
      rangeBounds({ from, to });
      const tallies = await selectTalliesBySubject(db, viewer, subject, ids, { from, to });
      for (const id of ids) results.set(`${id}|${range}`, tallies.get(id) ?? EMPTY);
    }
    return keys.map((k) => results.get(`${k.id}|${rangeKey(k.range)}`) ?? EMPTY);
  }, { cacheKeyFn: (k) => `${k.id}|${rangeKey(k.range)}` });
}

/** Adjustments the viewer may open: the same rule that decides whether they count (creditVisibleSql). */
async function visibleAdjustments(db: DbOrTx, viewer: Viewer, ids: readonly number[]): Promise<HourAdjustmentRow[]> {
  return db.select({ row: hourAdjustments }).from(hourAdjustments)
    .where(sql`${hourAdjustments.id} = any(${sql.param(ids as number[])}::int[]) and ${creditVisibleSql(viewer, {
      volunteerId: hourAdjustments.volunteerId, adjusted: sql`true`, organizationId: hourAdjustments.organizationId,
      gridId: sql`(select ha_s.grid_id from assignments ha_a join shifts ha_s on ha_s.id = ha_a.shift_id where ha_a.id = ${hourAdjustments.assignmentId})`,
    })}`)
    .then((rows) => rows.map((r) => r.row));
}

export function createHoursLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    volunteer: tallyLoader(db, viewer, 'volunteer'),
    team: tallyLoader(db, viewer, 'team'),
    grid: tallyLoader(db, viewer, 'grid'),
    adjustmentById: new DataLoader<number, HourAdjustmentRow | null>(async (ids) => {
      const rows = viewer ? await visibleAdjustments(db, viewer, ids) : [];
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
  };
}
export type HoursLoaders = ReturnType<typeof createHoursLoaders>;
