import { renderHtml, renderPdf } from '../../platform/printable';
import { NotFoundError } from '../../platform/errors';
import type { DownloadHandler } from '../exports/download';
import { languageOfExport, type ExportLanguage } from '../exports/export.type';
import { certificatePrintable } from './certificate.render';
import { visibleCertificatesByIds } from './certificate.queries';

/** The certificate page (html) or file (pdf), for whoever may see the certificate now. */
const certificate: DownloadHandler = async ({ viewer, deps, params }) => {
  const [row] = await visibleCertificatesByIds(deps.database.db, viewer, [Number(params.id)]);
  if (!row) throw new NotFoundError('Certificate');
  const printable = certificatePrintable(row, languageOfExport(params.language as ExportLanguage | undefined));
  if (params.format === 'pdf') return { filename: `${row.number}.pdf`, contentType: 'application/pdf', body: await renderPdf(printable) };
  return { filename: `${row.number}.html`, contentType: 'text/html; charset=utf-8', body: renderHtml(printable) };
};

export const CERTIFICATE_DOWNLOADS = { certificate };
