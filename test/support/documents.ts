/** Reading back what the server hands out: PDF text (pdf.js), CSV rows (csv-parse), XLSX rows (exceljs). */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** Every text item of every page, in order, joined. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await pdf.destroy();
  return pages.join('\n');
}

/** CSV rows, after checking the UTF-8 byte-order mark is there (and dropping it). */
export function csvRows(bytes: Buffer): string[][] {
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('CSV without a UTF-8 BOM');
  return parse(bytes.subarray(3).toString('utf8'), { relaxColumnCount: false }) as string[][];
}

/** The first sheet's rows as strings and numbers. */
export async function xlsxRows(bytes: Buffer): Promise<(string | number | null)[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: (string | number | null)[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    rows.push((row.values as (string | number | null)[]).slice(1).map((v) => (v == null ? null : typeof v === 'object' ? String(v) : v)));
  });
  return rows;
}

/** GET a (relative) download link from the server; status, type and bytes. */
export async function download(graphqlUrl: string, path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const response = await fetch(new URL(path, graphqlUrl));
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}
