import { readFileSync } from 'node:fs';
import escapeHtml from 'escape-html';
import PDFDocument from 'pdfkit';
import type { Language } from './i18n';

/** A one-page-or-more document: a title, labelled facts, a table and closing lines. */
export interface Printable {
  /** The language it is written in (the page's `lang`). */
  language: Language;
  title: string;
  facts: [label: string, value: string][];
  table: { headers: string[]; rows: string[][]; widths: number[] };
  footer: string[];
}

/**
 * Noto Sans Hans (SIL Open Font License) from the @embedpdf/fonts-sc package: read from
 * node_modules once, never fetched and never taken from the system.
 */
let cjkFont: Buffer | undefined;
function font(): Buffer {
  cjkFont ??= readFileSync(new URL('../fonts/NotoSansHans-Regular.otf', import.meta.resolve('@embedpdf/fonts-sc')));
  return cjkFont;
}

/** A printable HTML page; every value is escaped. */
export function renderHtml(doc: Printable): string {
  const e = (s: string) => escapeHtml(s);
  const facts = doc.facts.map(([label, value]) => `<tr><th>${e(label)}</th><td>${e(value)}</td></tr>`).join('');
  const head = doc.table.headers.map((h) => `<th>${e(h)}</th>`).join('');
  const rows = doc.table.rows.map((row) => `<tr>${row.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('');
  return `<!doctype html>
<html lang="${e(doc.language)}"><head><meta charset="utf-8"><title>${e(doc.title)}</title>
<style>
body{font-family:"Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:48em;color:#111}
h1{text-align:center;letter-spacing:.3em}table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #999;padding:.3em .6em;text-align:left}.facts th{width:9em;background:#f4f4f4}
footer p{margin:.3em 0}@media print{body{margin:0}}
</style></head><body>
<h1>${e(doc.title)}</h1>
<table class="facts">${facts}</table>
<table class="items"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
<footer>${doc.footer.map((line) => `<p>${e(line)}</p>`).join('')}</footer>
</body></html>
`;
}

/** The same document as an A4 PDF (pdfkit), its Chinese text set in the embedded CJK font. */
export function renderPdf(doc: Printable): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: doc.title } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('cjk', font());
  pdf.font('cjk').fontSize(20).text(doc.title, { align: 'center', characterSpacing: 4 }).moveDown();
  pdf.fontSize(11);
  for (const [label, value] of doc.facts) pdf.text(`${label}：${value}`).moveDown(0.2);
  pdf.moveDown();
  table(pdf, doc.table);
  pdf.moveDown();
  for (const line of doc.footer) pdf.text(line).moveDown(0.2);
  pdf.end();
  return done;
}

function table(pdf: PDFKit.PDFDocument, t: Printable['table']): void {
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => (w / total) * width);
  const row = (cells: string[]) => {
    if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 20) pdf.addPage();
    const y = pdf.y;
    let x = left;
    let bottom = y;
    cells.forEach((cell, i) => {
      pdf.text(cell, x, y, { width: widths[i] - 4 });
      bottom = Math.max(bottom, pdf.y);
      x += widths[i];
    });
    pdf.x = left;
    pdf.y = bottom + 2;
  };
  pdf.fontSize(10);
  row(t.headers);
  pdf.moveTo(left, pdf.y).lineTo(left + width, pdf.y).stroke();
  pdf.y += 2;
  for (const cells of t.rows) row(cells);
  pdf.fontSize(11);
}
