import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import type { GridrosterClient } from '../../sdk';
import type { CliApp, CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import type { MessageId } from '../messages/zh';
import { GridDirectory, resolveOrganization, teamKey, teamsOf, type Named } from '../resolve';
import { rowInput, type LocalProblem } from '../import/cells';
import { mapColumns, parseMap, type ColumnMap, type Field } from '../import/columns';
import { readSheet, type Sheet } from '../import/read-sheet';
import { reportPathFor, writeReport, type ReportLine } from '../import/report';
import { runBatches, type Answered, type Outgoing, type RunOutcome } from '../import/run';

export interface ImportOptions {
  org: string;
  map?: string;
  update?: boolean;
  dryRun?: boolean;
  report?: string;
  batchSize?: string;
}

type Refused = { sheetRow: number; name: string; mobile: string; field: Field; problem: LocalProblem; value: string };

/** The sheet, its columns mapped (name and mobile required), and what is not understood said up front. */
async function openSheet(ctx: CliContext, file: string, map: string | undefined): Promise<{ sheet: Sheet; columns: ColumnMap }> {
  await access(file).catch(() => { throw new CliError(ctx.t('import.noFile', { file }), EXIT.USAGE); });
  let explicit;
  try {
    explicit = parseMap(map);
  } catch (error) {
    throw new CliError(ctx.t('import.badMap', { pair: (error as Error).message }), EXIT.USAGE);
  }
  const sheet = await readSheet(file).catch((error: Error) => { throw new CliError(ctx.t('import.unreadable', { file, reason: error.message }), EXIT.USAGE); });
  const columns = mapColumns(sheet.header, explicit);
  const missing = (['name', 'mobile'] as const).filter((f) => columns.index[f] == null);
  if (missing.length) throw new CliError(ctx.t('import.missingColumns', { columns: missing.map((f) => ctx.t(`field.${f}` as MessageId)).join('、'), headers: sheet.header.join(', ') }), EXIT.USAGE);
  if (columns.unknown.length && !ctx.json) ctx.note(ctx.t('import.unknownColumns', { columns: columns.unknown.join('、') }));
  return { sheet, columns };
}

/** Every row as the API's input, grids and teams found by name within the organization; the rest refused here. */
async function prepareRows(client: GridrosterClient, sheet: Sheet, columns: ColumnMap, org: Named) {
  const grids = columns.index.grid != null ? await GridDirectory.load(client) : null;
  const teams = columns.index.team != null ? await teamsOf(client, org.id) : new Map<string, Named>();
  const outgoing: Outgoing[] = [];
  const refused: Refused[] = [];
  for (const row of sheet.rows) {
    const input = rowInput(row.cells, columns);
    const who = { sheetRow: row.number, name: input.ok ? input.volunteer.name : String(row.cells[columns.index.name!] ?? ''), mobile: input.ok ? input.volunteer.mobile : String(row.cells[columns.index.mobile!] ?? '') };
    if (!input.ok) { refused.push({ ...who, field: input.field, problem: input.problem, value: input.value }); continue; }
    let homeGridId: string | undefined;
    if (input.grid && grids) {
      const { grid, ambiguous } = grids.find(input.grid, org.id);
      if (!grid) { refused.push({ ...who, field: 'grid', problem: ambiguous ? 'GRID_AMBIGUOUS' : 'GRID_UNKNOWN', value: input.grid }); continue; }
      homeGridId = grid.id;
    }
    const team = input.team ? teams.get(teamKey(input.team)) : undefined;
    if (input.team && !team) { refused.push({ ...who, field: 'team', problem: 'TEAM_UNKNOWN', value: input.team }); continue; }
    outgoing.push({ sheetRow: row.number, volunteer: { ...input.volunteer, ...(homeGridId ? { homeGridId } : {}) }, teamId: team?.id ?? null });
  }
  return { outgoing, refused };
}

/** The column a field came from, as the sheet names it. */
function columnName(sheet: Sheet, columns: ColumnMap, field: string): string {
  const known = field === 'homeGridId' ? 'grid' : field;
  const index = columns.index[known as Field];
  return index != null ? sheet.header[index] : field;
}

/** What the report says about each row not imported as it stood. */
function reportLines(ctx: CliContext, sheet: Sheet, columns: ColumnMap, refused: Refused[], answered: Answered[]): ReportLine[] {
  const { t } = ctx;
  const lines: ReportLine[] = refused.map((r) => ({
    row: r.sheetRow, name: r.name, mobile: r.mobile, result: t('outcome.REFUSED'), column: columnName(sheet, columns, r.field), reason: t(`problem.${r.problem}` as MessageId, { value: r.value }),
  }));
  for (const { row, result, teamError, sameAsSheetRow } of answered) {
    const base = { row: row.sheetRow, name: row.volunteer.name, mobile: row.volunteer.mobile };
    if (result.outcome === 'SAME_AS_ROW') lines.push({ ...base, result: t('outcome.SAME_AS_ROW'), column: '', reason: t('import.sameAsRow', { row: sameAsSheetRow ?? '' }) });
    if (result.outcome === 'REJECTED' || result.outcome === 'AWAITING_CONFIRMATION' || result.outcome === 'NOT_SAVED') {
      const reason = result.errorReason ? t(`reason.${result.errorReason}` as MessageId) : result.message ?? '';
      lines.push({ ...base, result: t(`outcome.${result.outcome}` as MessageId), column: result.errorField ? columnName(sheet, columns, result.errorField) : '', reason });
    }
    const kept = result.differences.filter((d) => !d.applied && d.reason !== 'SAME_AS_ROW');
    if (kept.length) {
      const reason = kept.map((d) => t('import.differs', { field: t(`field.${d.field}` as MessageId), current: d.current ?? '—', given: d.given, why: t(`kept.${d.reason}` as MessageId) })).join('；');
      lines.push({ ...base, result: t('outcome.DIFFERS'), column: kept.map((d) => columnName(sheet, columns, d.field)).join(', '), reason });
    }
    if (teamError) lines.push({ ...base, result: t('outcome.TEAM'), column: columnName(sheet, columns, 'team'), reason: teamError });
  }
  return lines;
}

function summarize(answered: Answered[], refused: Refused[]): Record<string, number> {
  const count: Record<string, number> = {};
  for (const { result } of answered) count[result.outcome] = (count[result.outcome] ?? 0) + 1;
  const updated = answered.filter((a) => a.result.differences.some((d) => d.applied && d.field !== 'idNumber')).length;
  return { ...count, REFUSED: refused.length, updated };
}

function printSummary(ctx: CliContext, total: number, run: RunOutcome, counts: Record<string, number>, report: string | null, dryRun: boolean): void {
  const { t } = ctx;
  if (ctx.json) {
    ctx.printJson({ rows: total, sent: run.sent, interrupted: run.interrupted, dryRun, seconds: run.seconds, rowsPerSecond: run.seconds ? Math.round(run.sent / run.seconds) : null, outcomes: counts, report });
    return;
  }
  ctx.print(t(dryRun ? 'import.checked' : 'import.done', { rows: total, seconds: run.seconds.toFixed(1) }));
  for (const [outcome, n] of Object.entries(counts)) if (n > 0 && outcome !== 'updated') ctx.print(`  ${t(`outcome.${outcome}` as MessageId)}: ${n}`);
  if (counts.updated) ctx.print(`  ${t('import.updated')}: ${counts.updated}`);
  if (report) ctx.print(t('import.report', { path: report }));
}

export async function importVolunteers(ctx: CliContext, file: string, options: ImportOptions): Promise<number> {
  const batchSize = Number(options.batchSize ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new CliError(ctx.t('import.batchSize'), EXIT.USAGE);
  const { sheet, columns } = await openSheet(ctx, file, options.map);
  const client = await ctx.client();
  const org = await resolveOrganization(client, ctx.t, options.org);
  const { outgoing, refused } = await prepareRows(client, sheet, columns, org);
  if (!ctx.json) ctx.note(ctx.t('import.start', { rows: sheet.rows.length, encoding: sheet.encoding, org: org.name }));
  const run = await runBatches(ctx, client, outgoing, { organizationId: org.id, update: Boolean(options.update), dryRun: Boolean(options.dryRun), batchSize });
  const lines = reportLines(ctx, sheet, columns, refused, run.answered);
  const reportPath = lines.length ? options.report ?? reportPathFor(file) : null;
  if (reportPath) await writeReport(reportPath, lines, ctx.t);
  const counts = summarize(run.answered, refused);
  printSummary(ctx, sheet.rows.length, run, counts, reportPath, Boolean(options.dryRun));
  if (run.interrupted) {
    const last = outgoing[run.sent - 1]?.sheetRow ?? sheet.headerRow;
    ctx.note(ctx.t('import.interrupted', { sent: run.sent, total: outgoing.length, last }));
    return EXIT.INTERRUPTED;
  }
  return counts.REJECTED || counts.REFUSED || counts.NOT_SAVED ? EXIT.PARTIAL : EXIT.OK;
}

export function registerImport(program: Command, app: CliApp): void {
  const { t } = app;
  const command = program.command('import').description(t('help.import'));
  command.command('volunteers <file>')
    .description(t('help.importVolunteers'))
    .requiredOption('--org <id|name>', t('help.org'))
    .option('--map <header=field,…>', t('help.map'))
    .option('--update', t('help.update'))
    .option('--dry-run', t('help.dryRun'))
    .option('--report <path>', t('help.report'))
    .option('--batch-size <n>', t('help.batchSize'), '1000')
    .action(app.run((ctx, file: string, options: ImportOptions) => importVolunteers(ctx, file, options)));
}
