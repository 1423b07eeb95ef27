import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { visibleCertificateRequests, visibleCertificatesByIds } from './certificate.queries';
import type { CertificateRequestRow, CertificateRow } from './certificate.type';

export function createCertificateLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    visibleById: new DataLoader<number, CertificateRow | null>(async (ids) => {
      const rows = viewer ? await visibleCertificatesByIds(db, viewer, ids) : [];
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
    visibleRequestById: new DataLoader<number, CertificateRequestRow | null>(async (ids) => {
      const rows = viewer ? await visibleCertificateRequests(db, viewer, ids) : [];
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
  };
}
