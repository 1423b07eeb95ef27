import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { adjustmentIdsFor, recordedHours, visibleRequestsByIds } from './correction-request.queries';
import type { CorrectionRequestRow } from './correction-request.type';

export function createCorrectionLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    visibleById: new DataLoader<number, CorrectionRequestRow | null>(async (ids) => {
      const rows = viewer ? await visibleRequestsByIds(db, viewer, ids) : [];
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
    recordedHours: new DataLoader<number, number>(async (ids) => {
      const hours = viewer ? await recordedHours(db, viewer, ids) : new Map<number, number>();
      return ids.map((id) => hours.get(id) ?? 0);
    }),
    adjustmentId: new DataLoader<number, number | null>(async (ids) => {
      const map = await adjustmentIdsFor(db, ids);
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
