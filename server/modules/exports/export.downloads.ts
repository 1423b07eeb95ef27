import type { AppDeps } from '../../context';
import { CONTENT_TYPES, tableStream, type TableFormat } from '../../platform/tabular';
import type { TallyRequest } from '../hours/hours.service';
import type { Download, DownloadHandler } from './download';
import { certificateRegisterExport, rosterExport, tallyExport, volunteerTotalsExport, type ExportDeps, type PreparedExport } from './export.service';
import type { ExportLanguage } from './export.type';

export function exportDeps(deps: AppDeps): ExportDeps {
  return { db: deps.database.db, sql: deps.database.sql };
}

/** A prepared export as a streamed CSV or XLSX file. */
export function tableDownload(prepared: PreparedExport, format: TableFormat): Download {
  return {
    filename: `${prepared.name}.${format.toLowerCase()}`,
    contentType: CONTENT_TYPES[format],
    body: tableStream({ name: prepared.name, headers: prepared.headers, rows: prepared.rows() }, format),
  };
}

type Params = { format: TableFormat; language: ExportLanguage };

const tally: DownloadHandler = async ({ viewer, deps, params }) => {
  const p = params as Params & { request: TallyRequest };
  return tableDownload(await tallyExport(exportDeps(deps), viewer, p.request, p.language), p.format);
};

const volunteerTotals: DownloadHandler = async ({ viewer, deps, params }) => {
  const p = params as Params & { request: Omit<TallyRequest, 'groupBy'> };
  return tableDownload(await volunteerTotalsExport(exportDeps(deps), viewer, p.request, p.language), p.format);
};

const roster: DownloadHandler = async ({ viewer, deps, params }) => {
  const p = params as Params & { gridId: number; date: string };
  return tableDownload(await rosterExport(exportDeps(deps), viewer, p, p.language), p.format);
};

const certificateRegister: DownloadHandler = async ({ viewer, deps, params }) => {
  const p = params as Params & { organizationId: number };
  return tableDownload(await certificateRegisterExport(exportDeps(deps), viewer, p.organizationId, p.language), p.format);
};

export const EXPORT_DOWNLOADS = { tally, 'volunteer-totals': volunteerTotals, roster, 'certificate-register': certificateRegister };
