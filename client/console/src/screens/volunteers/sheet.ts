import { parse } from 'csv-parse/browser/esm/sync';
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { Cell, Sheet } from '../../../../cli/import/read-sheet';

const isBlank = (cells: Cell[]) => cells.every((c) => c == null || (typeof c === 'string' && c.trim() === ''));

/** Rows as Excel numbers them: the first non-blank one is the header, blank ones are skipped (as `gridroster import volunteers` reads them). */
function fromRecords(records: Cell[][], encoding: string): Sheet {
  const headerIndex = records.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) return { encoding, header: [], headerRow: 0, rows: [] };
  const header = records[headerIndex].map((c) => (c == null ? '' : String(c).trim()));
  const rows = records.map((cells, i) => ({ number: i + 1, cells })).slice(headerIndex + 1).filter((r) => !isBlank(r.cells));
  return { encoding, header, headerRow: headerIndex + 1, rows };
}

/** CSV bytes as Excel writes them: UTF-8 with or without a BOM, else GBK (read as GB18030, which the browser decodes). */
function decodeCsv(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8 (BOM)' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** A cell as exceljs gives it: rich text joined, a formula's result, a hyperlink's text. */
function plain(value: unknown): Cell {
  if (value == null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('richText' in value) return (value.richText as { text: string }[]).map((r) => r.text).join('');
  if ('result' in value) return plain(value.result);
  if ('text' in value) return String(value.text);
  return null;
}

/** The first worksheet of a workbook; exceljs is fetched only when an XLSX file is chosen. */
async function readXlsx(bytes: ArrayBuffer): Promise<Sheet> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const records: Cell[][] = [];
  workbook.worksheets[0]?.eachRow({ includeEmpty: true }, (row, number) => {
    while (records.length < number - 1) records.push([]);
    records.push((row.values as unknown[]).slice(1).map(plain));
  });
  return fromRecords(records, 'xlsx');
}

/** A chosen file read in the browser, as the command line reads it from disk. */
export async function readSheetFile(file: File): Promise<Sheet> {
  const bytes = await file.arrayBuffer();
  if (/\.xlsx$/i.test(file.name)) return readXlsx(bytes);
  const { text, encoding } = decodeCsv(new Uint8Array(bytes));
  // Every record is one sheet row, blank ones too, so row numbers stay Excel's.
  return fromRecords(parse(text, { relaxColumnCount: true, skipEmptyLines: false, bom: false }) as string[][], encoding);
}

/** A CSV file in UTF-8 with a byte-order mark (so Excel opens the Chinese), saved by the browser. */
export function downloadCsv(name: string, rows: (string | number)[][]): void {
  const blob = new Blob([`\ufeff${stringify(rows)}`], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
