import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import {
  ClaimServiceRequestDocument, CliMyRunsDocument, CliRequestQueueDocument, CompleteServiceRunDocument, ConfirmServiceRunDocument,
  DispatchBuildingDocument, DispatchServiceRequestDocument, FailServiceRunDocument, RecordServiceRequestsDocument, RequestNumbersDocument,
  StartServiceRunDocument, type CliRequestQueueQuery, type DispatchInput, type GridrosterClient, type RunFailureReason, type ServiceRequestRowInput,
} from '../../sdk';
import type { CliApp, CliContext } from '../context';
import { CliError, EXIT, exitCodeOf } from '../exit-codes';
import { shanghai, shanghaiToday } from '../i18n';
import type { MessageId } from '../messages/zh';
import { GridDirectory, isGlobalId } from '../resolve';
import { importRequests, type RequestImportOptions } from '../requests/import';
import { kindOf, urgencyOf, windowOf } from '../requests/sheet';
import { findVolunteerId } from './volunteers';

const FAILURES: RunFailureReason[] = ['NOBODY_HOME', 'REFUSED', 'WRONG_ADDRESS', 'OTHER'];

function formatOf(ctx: CliContext, value: string | undefined): 'table' | 'csv' | 'json' {
  const format = (value ?? (ctx.json ? 'json' : 'table')).toLowerCase();
  if (format !== 'table' && format !== 'csv' && format !== 'json') throw new CliError(ctx.t('error.format', { value: format, formats: 'table, csv, json' }), EXIT.USAGE);
  return format;
}

/** Prints rows as a table, CSV (UTF-8 with BOM, for Excel) or JSON, as the other list commands do. */
function printRows(ctx: CliContext, format: 'table' | 'csv' | 'json', head: MessageId[], rows: string[][], json: unknown): void {
  if (format === 'json') return ctx.printJson(json);
  const header = head.map((h) => ctx.t(h));
  if (format === 'csv') { ctx.stdout.write(`\ufeff${stringify([header, ...rows])}`); return; }
  const table = new Table({ head: header, wordWrap: true });
  table.push(...rows);
  ctx.print(rows.length ? table.toString() : ctx.t('requests.none'));
}

const kindName = (ctx: CliContext, kind: string) => ctx.t(`kind.${kind}` as MessageId);
const urgencyName = (ctx: CliContext, urgency: string) => ctx.t(`urgency.${urgency}` as MessageId);
const window = (r: { startsAt: string; endsAt: string }) => `${shanghai(r.startsAt, 'time')}–${shanghai(r.endsAt, 'time')}`;
const words = (value: string | undefined) => (value ? value.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : []);

function requireId(ctx: CliContext, value: string, type: 'ServiceRequest' | 'ServiceRun'): string {
  if (!isGlobalId(value, type)) throw new CliError(ctx.t(type === 'ServiceRun' ? 'error.runId' : 'error.requestId', { value }), EXIT.USAGE);
  return value;
}

interface RecordOptions { grid: string; address: string; kind: string; items?: string; package?: string; paid?: boolean; window?: string; urgency?: string; details?: string; people?: string; skills?: string }

/** One order typed on the command line: the same checks (and the same API) as a sheet row. */
function recordRow(ctx: CliContext, gridId: string, o: RecordOptions): ServiceRequestRowInput {
  const kind = kindOf(o.kind);
  if (!kind) throw new CliError(ctx.t('orderProblem.KIND_UNKNOWN', { value: o.kind }), EXIT.USAGE);
  const urgency = urgencyOf(o.urgency ?? '');
  if (!urgency) throw new CliError(ctx.t('orderProblem.URGENCY_UNKNOWN', { value: o.urgency ?? '' }), EXIT.USAGE);
  const span = windowOf(o.window ?? '');
  if (span === undefined) throw new CliError(ctx.t('orderProblem.WINDOW_FORMAT', { value: o.window ?? '' }), EXIT.USAGE);
  const numeric = (value: string | undefined, problem: 'PACKAGE_NOT_A_PRICE' | 'PEOPLE_NOT_A_NUMBER') => {
    if (value == null) return null;
    const n = Number(value.replace(/元$/, ''));
    if (!Number.isFinite(n)) throw new CliError(ctx.t(`orderProblem.${problem}`, { value }), EXIT.USAGE);
    return n;
  };
  return {
    gridId, address: o.address, kind, urgency, items: words(o.items), packagePrice: numeric(o.package, 'PACKAGE_NOT_A_PRICE'), paid: Boolean(o.paid),
    details: o.details ?? null, people: numeric(o.people, 'PEOPLE_NOT_A_NUMBER') ?? 1, requiredSkills: words(o.skills), ...(span ?? {}),
  };
}

async function record(ctx: CliContext, options: RecordOptions): Promise<number> {
  const client = await ctx.client();
  const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
  const { recordServiceRequests: [result] } = await client.request(RecordServiceRequestsDocument, { rows: [recordRow(ctx, grid.id, options)], atomic: true });
  if (result.outcome === 'REJECTED') {
    ctx.note(ctx.t('error.server', { message: result.message ?? '', detail: [result.errorCode, result.errorReason].filter(Boolean).join(', ') }));
    return exitCodeOf(result.errorCode ?? '');
  }
  if (ctx.json) ctx.printJson(result);
  else ctx.print(ctx.t('requests.recorded', { id: result.request?.id ?? '', day: result.plannedFor ?? '', address: result.request?.household?.address ?? options.address }));
  return EXIT.OK;
}

type QueueRequest = CliRequestQueueQuery['requestQueue'][number]['requests'][number];

async function list(ctx: CliContext, options: { grid: string; day?: string; urgency?: string; kind?: string; format?: string }): Promise<void> {
  const format = formatOf(ctx, options.format);
  const client = await ctx.client();
  const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
  const day = options.day ?? shanghaiToday();
  const kind = options.kind ? kindOf(options.kind) : undefined;
  const urgency = options.urgency ? urgencyOf(options.urgency) : undefined;
  if (options.kind && !kind) throw new CliError(ctx.t('orderProblem.KIND_UNKNOWN', { value: options.kind }), EXIT.USAGE);
  if (options.urgency && !urgency) throw new CliError(ctx.t('orderProblem.URGENCY_UNKNOWN', { value: options.urgency }), EXIT.USAGE);
  const { requestQueue } = await client.request(CliRequestQueueDocument, { gridId: grid.id, day });
  const keep = (r: QueueRequest) => (!kind || r.kind === kind) && (!urgency || r.urgency === urgency);
  const buildings = requestQueue.map((b) => ({ building: b.building?.name ?? '', requests: b.requests.filter(keep) })).filter((b) => b.requests.length);
  const rows = buildings.flatMap((b) => b.requests.map((r) => [
    b.building, r.household?.address ?? '', urgencyName(ctx, r.urgency), kindName(ctx, r.kind), window(r), r.items.join('、'),
    r.packagePrice == null ? '' : `${r.packagePrice}${r.paid ? ctx.t('requests.paidMark') : ''}`, String(r.people), r.id,
  ]));
  if (format === 'table' && !ctx.json) ctx.print(ctx.t('requests.listTitle', { grid: grid.path, day, count: rows.length }));
  printRows(ctx, format, ['requests.building', 'requests.address', 'requests.urgency', 'requests.kind', 'requests.window', 'requests.items', 'requests.package', 'requests.people', 'requests.id'], rows, { grid: { id: grid.id, name: grid.path }, day, buildings });
}

async function mine(ctx: CliContext, options: { day?: string; format?: string }): Promise<void> {
  const format = formatOf(ctx, options.format);
  const client = await ctx.client();
  const { myServiceRuns } = await client.request(CliMyRunsDocument, { day: options.day ?? null });
  const rows = myServiceRuns.map((run) => [
    run.request ? window(run.request) : '', run.request?.grid?.name ?? '', run.request?.household?.address ?? '', run.request ? kindName(ctx, run.request.kind) : '',
    ctx.t(`runStatus.${run.status}` as MessageId), run.request?.household?.contactPhone ?? '', run.id,
  ]);
  printRows(ctx, format, ['requests.window', 'requests.building', 'requests.address', 'requests.kind', 'requests.status', 'requests.phone', 'requests.runId'], rows, myServiceRuns);
}

interface AssignOptions { volunteer?: string; team?: string; exclusive?: boolean; building?: string; day?: string }

async function assign(ctx: CliContext, request: string | undefined, options: AssignOptions): Promise<void> {
  if (!options.volunteer === !options.team) throw new CliError(ctx.t('error.oneTarget'), EXIT.USAGE);
  if (!request === !options.building) throw new CliError(ctx.t('error.requestOrBuilding'), EXIT.USAGE);
  const client = await ctx.client();
  const target: DispatchInput = options.volunteer
    ? { volunteerId: await findVolunteerId(ctx, client, options.volunteer), exclusive: Boolean(options.exclusive) }
    : { teamId: options.team!, exclusive: Boolean(options.exclusive) };
  if (request) {
    const { dispatchServiceRequest: run } = await client.request(DispatchServiceRequestDocument, { id: requireId(ctx, request, 'ServiceRequest'), target });
    if (ctx.json) return ctx.printJson(run);
    ctx.print(ctx.t('requests.assigned', { count: 1, run: run.id }));
    return;
  }
  const grid = (await GridDirectory.load(client)).require(options.building!, ctx.t);
  const { dispatchBuilding: runs } = await client.request(DispatchBuildingDocument, { gridId: grid.id, day: options.day ?? shanghaiToday(), target });
  if (ctx.json) return ctx.printJson(runs);
  ctx.print(ctx.t('requests.assigned', { count: runs.length, run: runs.map((r) => r.id).join(', ') }));
}

/** claim, start, done, fail: one run and what became of it. */
async function runStep(ctx: CliContext, step: (client: GridrosterClient) => Promise<{ id: string; status: string; hours?: number | null }>): Promise<void> {
  const client = await ctx.client();
  const run = await step(client);
  if (ctx.json) return ctx.printJson(run);
  ctx.print(ctx.t('requests.runNow', { run: run.id, status: ctx.t(`runStatus.${run.status}` as MessageId), hours: run.hours ?? 0 }));
}

async function done(ctx: CliContext, run: string, options: { code?: string; confirmed?: boolean }): Promise<void> {
  if (!options.code === !options.confirmed) throw new CliError(ctx.t('error.codeOrConfirmed'), EXIT.USAGE);
  const id = requireId(ctx, run, 'ServiceRun');
  await runStep(ctx, async (client) => (options.code
    ? (await client.request(CompleteServiceRunDocument, { id, handoverCode: options.code })).completeServiceRun
    : (await client.request(ConfirmServiceRunDocument, { id })).confirmServiceRun));
}

async function fail(ctx: CliContext, run: string, options: { reason: string; note?: string }): Promise<void> {
  const reason = options.reason.toUpperCase().replace(/-/g, '_') as RunFailureReason;
  if (!FAILURES.includes(reason)) throw new CliError(ctx.t('error.failureReason', { value: options.reason, reasons: FAILURES.map((f) => f.toLowerCase().replace(/_/g, '-')).join(', ') }), EXIT.USAGE);
  const id = requireId(ctx, run, 'ServiceRun');
  await runStep(ctx, async (client) => (await client.request(FailServiceRunDocument, { id, reason, note: options.note ?? null })).failServiceRun);
}

async function numbers(ctx: CliContext, options: { grid: string; from?: string; to?: string; format?: string }): Promise<void> {
  const format = formatOf(ctx, options.format);
  const client = await ctx.client();
  const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
  const to = options.to ?? shanghaiToday();
  const { requestNumbers } = await client.request(RequestNumbersDocument, { gridId: grid.id, from: options.from ?? to, to });
  const rows = requestNumbers.map((d) => [d.day, String(d.requests), String(d.done), String(d.failed), String(d.peopleServed)]);
  printRows(ctx, format, ['requests.day', 'requests.count', 'requests.done', 'requests.failed', 'requests.served'], rows, requestNumbers);
}

export function registerRequests(program: Command, app: CliApp): void {
  const { t } = app;
  const requests = program.command('requests').description(t('help.requests'));
  requests.command('record').description(t('help.requestsRecord'))
    .requiredOption('--grid <id|name>', t('help.requestGrid')).requiredOption('--address <address>', t('help.address'))
    .requiredOption('--kind <kind>', t('help.kind')).option('--items <a,b>', t('help.items')).option('--package <yuan>', t('help.package'))
    .option('--paid', t('help.paid')).option('--window <HH:MM-HH:MM>', t('help.window')).option('--urgency <urgency>', t('help.urgency'))
    .option('--details <text>', t('help.details')).option('--people <n>', t('help.people')).option('--skills <a,b>', t('help.requestSkills'))
    .action(app.run((ctx, options: RecordOptions) => record(ctx, options)));
  requests.command('list').description(t('help.requestsList'))
    .requiredOption('--grid <id|name>', t('help.grid')).option('--day <date>', t('help.day')).option('--urgency <urgency>', t('help.urgency'))
    .option('--kind <kind>', t('help.kind')).option('--format <format>', t('help.listFormat'))
    .action(app.run((ctx, options: { grid: string; day?: string; urgency?: string; kind?: string; format?: string }) => list(ctx, options)));
  requests.command('mine').description(t('help.requestsMine')).option('--day <date>', t('help.day')).option('--format <format>', t('help.listFormat'))
    .action(app.run((ctx, options: { day?: string; format?: string }) => mine(ctx, options)));
  requests.command('assign [request]').description(t('help.requestsAssign'))
    .option('--volunteer <id|mobile|name>', t('help.volunteer')).option('--team <id>', t('help.team'))
    .option('--building <id|name>', t('help.building')).option('--day <date>', t('help.day')).option('--exclusive', t('help.exclusive'))
    .action(app.run((ctx, request: string | undefined, options: AssignOptions) => assign(ctx, request, options)));
  requests.command('claim <request>').description(t('help.requestsClaim'))
    .action(app.run((ctx, request: string) => runStep(ctx, async (client) => (await client.request(ClaimServiceRequestDocument, { id: requireId(ctx, request, 'ServiceRequest') })).claimServiceRequest)));
  requests.command('start <run>').description(t('help.requestsStart'))
    .action(app.run((ctx, run: string) => runStep(ctx, async (client) => (await client.request(StartServiceRunDocument, { id: requireId(ctx, run, 'ServiceRun') })).startServiceRun)));
  requests.command('done <run>').description(t('help.requestsDone')).option('--code <digits>', t('help.handoverCode')).option('--confirmed', t('help.confirmed'))
    .action(app.run((ctx, run: string, options: { code?: string; confirmed?: boolean }) => done(ctx, run, options)));
  requests.command('fail <run>').description(t('help.requestsFail')).requiredOption('--reason <reason>', t('help.failReason')).option('--note <text>', t('help.note'))
    .action(app.run((ctx, run: string, options: { reason: string; note?: string }) => fail(ctx, run, options)));
  requests.command('numbers').description(t('help.requestsNumbers')).requiredOption('--grid <id|name>', t('help.grid'))
    .option('--from <date>', t('help.from')).option('--to <date>', t('help.to')).option('--format <format>', t('help.listFormat'))
    .action(app.run((ctx, options: { grid: string; from?: string; to?: string; format?: string }) => numbers(ctx, options)));
  requests.command('import <file>').description(t('help.requestsImport'))
    .option('--map <header=field,…>', t('help.requestMap')).option('--dry-run', t('help.requestDryRun')).option('--atomic', t('help.atomic'))
    .option('--report <path>', t('help.report')).option('--batch-size <n>', t('help.requestBatchSize'), '200')
    .action(app.run((ctx, file: string, options: RequestImportOptions) => importRequests(ctx, file, options)));
}
