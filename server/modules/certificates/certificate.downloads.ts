import { renderHtml, renderPdf } from '../../platform/printable';
import { NotFoundError } from '../../platform/errors';
import type { DownloadHandler } from '../exports/download';
import { certificatePrintable } from './certificate.render';
import { visibleCertificatesByIds } from './certificate.queries';

/** The certificate page (html) or file (pdf), for whoever may see the certificate now. */
const certificate: DownloadHandler = async ({ viewer, deps, params }) => {
  const [row] = await visibleCertificatesByIds(deps.database.db, viewer, [Number(params.id)]);
  if (!row) throw new NotFoundError('Certificate');
  const printable = certificatePrintable(row);
  if (params.format === 'pdf') return { filename: `${row.number}.pdf`, contentType: 'application/pdf', body: await renderPdf(printable) };
  return { filename: `${row.number}.html`, contentType: 'text/html; charset=utf-8', body: renderHtml(printable) };
};

export const CERTIFICATE_DOWNLOADS = { certificate };
