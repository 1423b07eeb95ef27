import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';

/** A cell as a sheet gives it: text, a number Excel stored, a boolean, a date, or nothing. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number the registrar sees in Excel (1 is the first row of the sheet). */
  number: number;
  cells: Cell[];
}

export interface Sheet {
  /** utf-8, utf-8 (BOM), gb18030 or xlsx. */
  encoding: string;
  header: string[];
  /** The header's row number. */
  headerRow: number;
  rows: SheetRow[];
}

const isBlank = (cells: Cell[]) => cells.every((c) => c == null || (typeof c === 'string' && c.trim() === ''));

/**
 * CSV text in whatever encoding Excel wrote it: UTF-8 with or without a byte-order mark, or — as
 * Excel in China saves "CSV" — GBK (decoded as GB18030, its superset). Bytes that are not valid
 * UTF-8 are taken for GB18030.
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8 (BOM)' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

function fromRecords(records: Cell[][], encoding: string): Sheet {
  const numbered = records.map((cells, i) => ({ number: i + 1, cells }));
  const headerIndex = numbered.findIndex((r) => !isBlank(r.cells));
  if (headerIndex < 0) return { encoding, header: [], headerRow: 0, rows: [] };
  const header = numbered[headerIndex].cells.map((c) => (c == null ? '' : String(c).trim()));
  const rows = numbered.slice(headerIndex + 1).filter((r) => !isBlank(r.cells));
  return { encoding, header, headerRow: numbered[headerIndex].number, rows };
}

export async function readCsv(path: string): Promise<Sheet> {
  const { text, encoding } = decodeCsv(await readFile(path));
  // Every record is one sheet row, blank ones too, so row numbers stay Excel's.
  const records = parse(text, { relaxColumnCount: true, skipEmptyLines: false, bom: false }) as string[][];
  return fromRecords(records, encoding);
}

/** A cell's value as exceljs reads it: rich text joined, a formula's result, a hyperlink's text. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value == null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return null;
}

/** The first worksheet of an XLSX workbook, streamed row by row. */
export async function readXlsx(path: string): Promise<Sheet> {
  const records: Cell[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  for await (const worksheet of reader) {
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      while (records.length < row.number - 1) records.push([]);
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      records.push(values.map(plain));
    }
    break;
  }
  return fromRecords(records, 'xlsx');
}

export function readSheet(path: string): Promise<Sheet> {
  return extname(path).toLowerCase() === '.xlsx' ? readXlsx(path) : readCsv(path);
}
