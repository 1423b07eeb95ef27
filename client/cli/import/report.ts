import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Translate } from '../i18n';

/** One row of the sheet that was not imported as it stood, and why, in the registrar's words. */
export interface ReportLine {
  /** The sheet's row number. */
  row: number;
  name: string;
  mobile: string;
  /** What happened (translated outcome). */
  result: string;
  /** The column at fault, as the sheet names it (or the field). */
  column: string;
  reason: string;
}

/** Beside the input: 志愿者.xlsx → 志愿者.report.xlsx, 志愿者.csv → 志愿者.report.csv. */
export function reportPathFor(input: string): string {
  const ext = extname(input).toLowerCase() === '.xlsx' ? '.xlsx' : '.csv';
  return join(dirname(input), `${basename(input, extname(input))}.report${ext}`);
}

function headerRow(t: Translate): string[] {
  return [t('report.row'), t('report.name'), t('report.mobile'), t('report.result'), t('report.column'), t('report.reason')];
}

const cells = (line: ReportLine) => [line.row, line.name, line.mobile, line.result, line.column, line.reason];

/** CSV in UTF-8 with a byte-order mark (so Excel opens the Chinese), or XLSX. */
export async function writeReport(path: string, lines: ReportLine[], t: Translate): Promise<void> {
  const sorted = [...lines].sort((a, b) => a.row - b.row);
  if (extname(path).toLowerCase() === '.xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(t('report.sheet'));
    sheet.addRow(headerRow(t)).font = { bold: true };
    for (const line of sorted) sheet.addRow(cells(line));
    sheet.columns.forEach((column, i) => { column.width = [8, 12, 16, 16, 12, 60][i]; });
    await workbook.xlsx.writeFile(path);
    return;
  }
  await writeFile(path, `\ufeff${stringify([headerRow(t), ...sorted.map(cells)])}`);
}
