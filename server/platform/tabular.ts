import { PassThrough, Readable, pipeline, type Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null;

export interface Table {
  /** Sheet name (XLSX) and the file's base name. */
  name: string;
  headers: string[];
  rows: AsyncIterable<Cell[]>;
}

export type TableFormat = 'CSV' | 'XLSX';

export const CONTENT_TYPES: Record<TableFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text as Chinese. */
function csv(table: Table): Readable {
  const stringifier = stringify({ bom: true, cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') } });
  const source = Readable.from((async function* () {
    yield table.headers;
    yield* table.rows;
  })(), { objectMode: true });
  return pipeline(source, stringifier, () => undefined);
}

/** Waits while the consumer is behind, so a slow reader bounds what the writer holds. */
async function backpressure(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, 'drain');
}

/** XLSX through exceljs's streaming writer: each row is committed (written out) as it comes. */
function xlsx(table: Table): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  (async () => {
    sheet.addRow(table.headers).commit();
    for await (const row of table.rows) {
      sheet.addRow(row).commit();
      await backpressure(out);
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error) => out.destroy(error));
  return out;
}

/** The table as a byte stream in the format asked for. */
export function tableStream(table: Table, format: TableFormat): Readable {
  return format === 'CSV' ? csv(table) : xlsx(table);
}
