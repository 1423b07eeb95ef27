import { CERTIFICATE_DOWNLOADS } from '../certificates/certificate.downloads';
import { CORRECTION_REPORT_DOWNLOADS } from '../hours/correction-report.downloads';
import type { DownloadHandler } from './download';
import { EXPORT_DOWNLOADS } from './export.downloads';

/** Every kind of signed link the server serves under /downloads/, by the kind its link names. */
export const DOWNLOADS: Record<string, DownloadHandler> = {
  ...CERTIFICATE_DOWNLOADS,
  ...CORRECTION_REPORT_DOWNLOADS,
  ...EXPORT_DOWNLOADS,
};
