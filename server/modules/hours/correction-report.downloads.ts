import { renderHtml, renderPdf } from '../../platform/printable';
import type { TableFormat } from '../../platform/tabular';
import type { DownloadHandler } from '../exports/download';
import { tableDownload } from '../exports/export.downloads';
import { HEADERS } from '../exports/export.columns';
import { languageOfExport, type ExportLanguage } from '../exports/export.type';
import { dutyLabel } from './duty-labels';
import { correctionReport, correctionReportPrintable } from './correction-report.service';

/** The office's monthly report of a participant: a page, a PDF, or a CSV/XLSX of its lines. */
const report: DownloadHandler = async ({ viewer, deps, params }) => {
  const p = params as { officeId: number; volunteerId: number; month: string; format: 'html' | 'pdf' | TableFormat; language?: ExportLanguage };
  const row = await correctionReport(deps.database.db, viewer, p);
  const language = p.language ?? 'ZH';
  const name = `矫正服务月报 ${row.month} ${row.volunteerName}`;
  const page = () => correctionReportPrintable(row, languageOfExport(language));
  if (p.format === 'html') return { filename: `${name}.html`, contentType: 'text/html; charset=utf-8', body: renderHtml(page()) };
  if (p.format === 'pdf') return { filename: `${name}.pdf`, contentType: 'application/pdf', body: await renderPdf(page()) };
  return tableDownload({
    name,
    headers: HEADERS.correctionReport[language],
    rows: async function* () {
      for (const i of row.items) yield [i.date, dutyLabel(i.duty, language), i.place, i.hours, i.personTimes, i.note];
    },
  }, p.format);
};

export const CORRECTION_REPORT_DOWNLOADS = { 'correction-report': report };
