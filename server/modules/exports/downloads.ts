import { CERTIFICATE_DOWNLOADS } from '../certificates/certificate.downloads';
import type { DownloadHandler } from './download';

/** Every kind of signed link the server serves under /downloads/, by the kind its link names. */
export const DOWNLOADS: Record<string, DownloadHandler> = {
  ...CERTIFICATE_DOWNLOADS,
};
