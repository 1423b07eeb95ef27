import { RecordServiceRequestsDocument, type GridrosterClient, type RecordServiceRequestsMutation, type ServiceRequestRowInput } from '../../sdk';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { shanghai, shanghaiToday } from '../i18n';
import type { MessageId } from '../messages/zh';
import { GridDirectory } from '../resolve';
import type { ColumnMap } from '../import/columns';
import { openSheet } from '../import/open-sheet';
import type { Sheet } from '../import/read-sheet';
import { reportPathFor, writeReport, type ReportLine } from '../import/report';
import { Progress } from '../import/run';
import { REQUEST_COLUMNS, orderDraft, orderKey, type OrderProblem, type RequestField } from './sheet';

export interface RequestImportOptions {
  map?: string;
  dryRun?: boolean;
  atomic?: boolean;
  report?: string;
  batchSize?: string;
}

type RowResult = RecordServiceRequestsMutation['recordServiceRequests'][number];
interface Outgoing { sheetRow: number; building: string; row: ServiceRequestRowInput }
interface Refused { sheetRow: number; building: string; address: string; field: RequestField; problem: OrderProblem; value: string }
interface Answered { order: Outgoing; result: RowResult }

/** Every row as the API's input, its building found by name among the grids the caller sees; the rest refused here. */
async function prepareOrders(client: GridrosterClient, sheet: Sheet, columns: ColumnMap<RequestField>) {
  const grids = await GridDirectory.load(client);
  const outgoing: Outgoing[] = [];
  const refused: Refused[] = [];
  const seen = new Map<string, number>();
  for (const { number, cells } of sheet.rows) {
    const draft = orderDraft(cells, columns);
    const address = columns.index.address == null ? '' : String(cells[columns.index.address] ?? '');
    if (!draft.ok) { refused.push({ sheetRow: number, building: draft.field === 'building' ? '' : String(cells[columns.index.building!] ?? ''), address, ...draft }); continue; }
    const { grid, ambiguous } = grids.find(draft.building);
    if (!grid) { refused.push({ sheetRow: number, building: draft.building, address, field: 'building', problem: ambiguous ? 'GRID_AMBIGUOUS' : 'GRID_UNKNOWN', value: draft.building }); continue; }
    const day = draft.row.collectedAt ? shanghai(draft.row.collectedAt, 'date') : shanghaiToday();
    const base = orderKey(grid.id, draft.row, day, 0);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    outgoing.push({ sheetRow: number, building: grid.path, row: { ...draft.row, gridId: grid.id, orderKey: orderKey(grid.id, draft.row, day, occurrence) } });
  }
  return { outgoing, refused };
}

/** Sends the orders in batches; a first Ctrl-C lets the batch in flight finish and stops there. */
async function sendOrders(ctx: CliContext, client: GridrosterClient, orders: Outgoing[], options: { batchSize: number; atomic: boolean; dryRun: boolean }) {
  const { interrupt } = ctx.io;
  const onInterrupt = () => ctx.note(ctx.t('import.stopping'));
  interrupt.addEventListener('abort', onInterrupt, { once: true });
  const progress = new Progress(ctx, orders.length);
  const answered: Answered[] = [];
  try {
    for (let start = 0; start < orders.length && !interrupt.aborted; start += options.batchSize) {
      const batch = orders.slice(start, start + options.batchSize);
      const { recordServiceRequests } = await client.request(RecordServiceRequestsDocument, { rows: batch.map((o) => o.row), atomic: options.atomic, dryRun: options.dryRun });
      answered.push(...recordServiceRequests.map((result) => ({ order: batch[result.row], result })));
      progress.update(answered.length);
    }
  } finally {
    progress.stop();
    interrupt.removeEventListener('abort', onInterrupt);
  }
  return { answered, interrupted: interrupt.aborted && answered.length < orders.length };
}

function columnName(sheet: Sheet, columns: ColumnMap<RequestField>, field: string | null): string {
  const known = field?.replace(/^rows\.\d+\./, '').replace(/^(gridId|householdId)$/, 'building').replace(/^packagePrice$/, 'package').replace(/^window(From|To)$/, 'window');
  const index = known ? columns.index[known as RequestField] : undefined;
  return index != null ? sheet.header[index] : known ?? '';
}

function reportLines(ctx: CliContext, sheet: Sheet, columns: ColumnMap<RequestField>, refused: Refused[], answered: Answered[]): ReportLine[] {
  const { t } = ctx;
  const lines: ReportLine[] = refused.map((r) => ({
    row: r.sheetRow, name: r.building, mobile: r.address, result: t('outcome.REFUSED'), column: columnName(sheet, columns, r.field), reason: t(`orderProblem.${r.problem}` as MessageId, { value: r.value }),
  }));
  for (const { order, result } of answered.filter((a) => a.result.outcome === 'REJECTED' || a.result.outcome === 'NOT_SAVED')) {
    lines.push({
      row: order.sheetRow, name: order.building, mobile: order.row.address ?? '', result: t(`requestOutcome.${result.outcome}` as MessageId),
      column: columnName(sheet, columns, result.errorField), reason: result.message ?? '',
    });
  }
  return lines;
}

function printSummary(ctx: CliContext, total: number, answered: Answered[], refused: Refused[], report: string | null, dryRun: boolean, seconds: number): void {
  const counts: Record<string, number> = { REFUSED: refused.length };
  const planned: Record<string, number> = {};
  for (const { result } of answered) {
    counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
    if (result.plannedFor && result.outcome !== 'REJECTED' && result.outcome !== 'NOT_SAVED') planned[result.plannedFor] = (planned[result.plannedFor] ?? 0) + 1;
  }
  if (ctx.json) return ctx.printJson({ rows: total, sent: answered.length, dryRun, seconds, outcomes: counts, plannedFor: planned, report });
  const { t } = ctx;
  ctx.print(t(dryRun ? 'import.checked' : 'import.done', { rows: total, seconds: seconds.toFixed(1) }));
  for (const [outcome, n] of Object.entries(counts)) if (n > 0) ctx.print(`  ${t(outcome === 'REFUSED' ? 'outcome.REFUSED' : (`requestOutcome.${outcome}` as MessageId))}: ${n}`);
  for (const [day, n] of Object.entries(planned).sort()) ctx.print(`  ${t('requests.plannedFor', { day, count: n })}`);
  if (report) ctx.print(t('import.report', { path: report }));
}

/** `gridroster requests import <file>`: a day's orders from a sheet. */
export async function importRequests(ctx: CliContext, file: string, options: RequestImportOptions): Promise<number> {
  const batchSize = Number(options.batchSize ?? 200);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new CliError(ctx.t('import.batchSize'), EXIT.USAGE);
  const started = Date.now();
  const { sheet, columns } = await openSheet(ctx, file, options.map, REQUEST_COLUMNS, ['building', 'address', 'kind'], (f) => ctx.t(`orderField.${f}` as MessageId));
  const client = await ctx.client();
  const { outgoing, refused } = await prepareOrders(client, sheet, columns);
  if (!ctx.json) ctx.note(ctx.t('requests.importStart', { rows: sheet.rows.length, encoding: sheet.encoding }));
  const dryRun = Boolean(options.dryRun);
  const { answered, interrupted } = await sendOrders(ctx, client, outgoing, { batchSize, atomic: Boolean(options.atomic), dryRun });
  const lines = reportLines(ctx, sheet, columns, refused, answered);
  const reportPath = lines.length ? options.report ?? reportPathFor(file) : null;
  if (reportPath) await writeReport(reportPath, lines, ctx.t, { name: ctx.t('orderField.building'), mobile: ctx.t('orderField.address') });
  printSummary(ctx, sheet.rows.length, answered, refused, reportPath, dryRun, (Date.now() - started) / 1000);
  if (interrupted) {
    ctx.note(ctx.t('requests.importInterrupted', { sent: answered.length, total: outgoing.length, last: outgoing[answered.length - 1]?.sheetRow ?? sheet.headerRow }));
    return EXIT.INTERRUPTED;
  }
  return lines.length ? EXIT.PARTIAL : EXIT.OK;
}
