import DataLoader from 'dataloader';
import { and, sql } from 'drizzle-orm';
import { hourAdjustments } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { rangeBounds } from '../../platform/date-range';
import type { Viewer } from '../auth/viewer';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { correctionRecordVisibleSql } from './hours.policy';
import { selectTalliesBySubject, type Tally } from './hours.queries';
import type { HourAdjustmentRow } from './hours.type';

type Subject = 'volunteer' | 'team' | 'grid';
type RangeArg = { from?: string | null; to?: string | null } | null | undefined;

const EMPTY: Tally = { hours: 0, personTimes: 0, volunteers: 0 };

/** One loader per subject kind; keys carry the range so one statement serves each distinct range. */
function tallyLoader(db: DbOrTx, viewer: Viewer | null, subject: Subject) {
  return new DataLoader<{ id: number; range: RangeArg }, Tally, string>(async (keys) => {
    if (!viewer) return keys.map(() => EMPTY);
    const byRange = new Map<string, number[]>();
    for (const key of keys) {
      const rangeKey = JSON.stringify(key.range ?? {});
      byRange.set(rangeKey, [...(byRange.get(rangeKey) ?? []), key.id]);
    }
    const results = new Map<string, Tally>();
    for (const [rangeKey, ids] of byRange) {
      const tallies = await selectTalliesBySubject(db, viewer, subject, ids, rangeBounds(JSON.parse(rangeKey)));
      for (const id of ids) results.set(`${id}|${rangeKey}`, tallies.get(id) ?? EMPTY);
    }
    return keys.map((k) => results.get(`${k.id}|${JSON.stringify(k.range ?? {})}`) ?? EMPTY);
  }, { cacheKeyFn: (k) => `${k.id}|${JSON.stringify(k.range ?? {})}` });
}

export function createHoursLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    volunteer: tallyLoader(db, viewer, 'volunteer'),
    team: tallyLoader(db, viewer, 'team'),
    grid: tallyLoader(db, viewer, 'grid'),
    adjustmentById: new DataLoader<number, HourAdjustmentRow | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const rows = await db.select().from(hourAdjustments).where(and(
        sql`${hourAdjustments.id} = any(${sql.param(ids as number[])}::int[])`,
        visibleVolunteerSql(viewer, hourAdjustments.volunteerId),
        correctionRecordVisibleSql(viewer, { volunteerId: hourAdjustments.volunteerId, createdBy: hourAdjustments.createdBy }),
      ));
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
  };
}
export type HoursLoaders = ReturnType<typeof createHoursLoaders>;
