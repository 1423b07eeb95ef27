import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import {
  CertificateNodeDocument, CertificateRegisterExportDocument, IssueCertificateDocument, RosterExportDocument, TallyDocument, TallyExportDocument,
  VolunteerTotalsExportDocument, type ExportFormat, type GridrosterClient, type TallyGroupBy, type TallyInput,
} from '../../sdk';
import type { CliApp, CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { shanghaiToday } from '../i18n';
import { GridDirectory, resolveOrganization, isGlobalId } from '../resolve';
import { findVolunteerId } from './volunteers';

const GROUPS: TallyGroupBy[] = ['TEAM', 'VOLUNTEER', 'ORGANIZATION', 'GRID', 'DAY', 'DUTY'];

interface ScopeOptions {
  from?: string;
  to?: string;
  org?: string;
  grid?: string;
  team?: string;
}

interface TallyOptions extends ScopeOptions {
  groupBy: string;
  format?: string;
  out?: string;
}

/** The tally's filters, organization and grid given by id or name. */
async function scope(ctx: CliContext, client: GridrosterClient, options: ScopeOptions): Promise<Omit<TallyInput, 'groupBy'>> {
  return {
    range: options.from || options.to ? { from: options.from ?? null, to: options.to ?? null } : null,
    organizationId: options.org ? (await resolveOrganization(client, ctx.t, options.org)).id : null,
    gridId: options.grid ? (await GridDirectory.load(client)).require(options.grid, ctx.t).id : null,
    teamId: options.team ?? null,
  };
}

function groupBy(ctx: CliContext, value: string): TallyGroupBy {
  const group = value.toUpperCase() as TallyGroupBy;
  if (!GROUPS.includes(group)) throw new CliError(ctx.t('error.groupBy', { value, groups: GROUPS.map((g) => g.toLowerCase()).join(', ') }), EXIT.USAGE);
  return group;
}

/** Saves a download link's file at `out`, or under the server's file name here. */
async function save(ctx: CliContext, client: GridrosterClient, url: string, out: string | undefined): Promise<string> {
  const file = await client.download(url);
  // The server's file name, never a path: it lands in the current directory.
  const path = out ?? (file.filename ? basename(file.filename) : 'gridroster-download');
  await writeFile(path, file.body);
  if (ctx.json) ctx.printJson({ file: path, bytes: file.body.length, type: file.type });
  else ctx.print(ctx.t('download.saved', { path, bytes: file.body.length }));
  return path;
}

const exportLanguage = (ctx: CliContext) => (ctx.language === 'zh' ? 'ZH' : 'EN');

async function tally(ctx: CliContext, options: TallyOptions): Promise<void> {
  const client = await ctx.client();
  const input: TallyInput = { groupBy: groupBy(ctx, options.groupBy), ...(await scope(ctx, client, options)) };
  const format = (options.format ?? 'table').toLowerCase();
  if (format === 'xlsx') {
    const { tallyExport } = await client.request(TallyExportDocument, { input, format: 'XLSX', language: exportLanguage(ctx) });
    await save(ctx, client, tallyExport.url, options.out ?? `tally-${input.groupBy.toLowerCase()}-${options.from ?? 'all'}-${options.to ?? shanghaiToday()}.xlsx`);
    return;
  }
  const { tally: rows } = await client.request(TallyDocument, { input });
  const { t } = ctx;
  if (format === 'json') return ctx.printJson(rows);
  if (format === 'csv') {
    ctx.stdout.write(stringify([[t('tally.key'), t('tally.label'), t('tally.hours'), t('tally.personTimes'), t('tally.volunteers')], ...rows.map((r) => [r.key, r.label, r.hours, r.personTimes, r.volunteers])]));
    return;
  }
  if (format !== 'table') throw new CliError(t('error.format', { value: format, formats: 'table, csv, json, xlsx' }), EXIT.USAGE);
  const table = new Table({ head: [t('tally.label'), t('tally.hours'), t('tally.personTimes'), t('tally.volunteers')], colAligns: ['left', 'right', 'right', 'right'] });
  for (const r of rows) table.push([r.label, r.hours.toFixed(2), String(r.personTimes), String(r.volunteers)]);
  const total = rows.reduce((sum, r) => ({ hours: sum.hours + r.hours, personTimes: sum.personTimes + r.personTimes }), { hours: 0, personTimes: 0 });
  table.push([t('tally.total'), total.hours.toFixed(2), String(total.personTimes), '']);
  ctx.print(rows.length ? table.toString() : t('tally.none'));
}

interface IssueOptions {
  volunteer: string;
  org: string;
  from: string;
  to: string;
  out?: string;
}

async function issueCertificate(ctx: CliContext, options: IssueOptions): Promise<void> {
  const client = await ctx.client();
  const org = await resolveOrganization(client, ctx.t, options.org);
  const volunteerId = await findVolunteerId(ctx, client, options.volunteer);
  const { issueCertificate: c } = await client.request(IssueCertificateDocument, { input: { organizationId: org.id, volunteerId, period: { from: options.from, to: options.to } } });
  if (ctx.json && !options.out) return ctx.printJson(c);
  if (!ctx.json) ctx.print(ctx.t('certificate.issued', { number: c.number, name: c.volunteer?.name ?? '', hours: c.content.hours, code: c.verificationCode, id: c.id }));
  if (options.out) await save(ctx, client, options.out.endsWith('.html') ? c.htmlUrl : c.pdfUrl, options.out);
}

async function getCertificate(ctx: CliContext, id: string, options: { out?: string }): Promise<void> {
  if (!isGlobalId(id, 'Certificate')) throw new CliError(ctx.t('error.certificateId', { value: id }), EXIT.USAGE);
  const client = await ctx.client();
  const { node } = await client.request(CertificateNodeDocument, { id });
  if (!node || !('number' in node)) throw new CliError(ctx.t('error.certificateNotFound', { value: id }), EXIT.DENIED);
  if (options.out) { await save(ctx, client, options.out.endsWith('.html') ? node.htmlUrl : node.pdfUrl, options.out); return; }
  if (ctx.json) return ctx.printJson(node);
  ctx.print(ctx.t('certificate.shown', {
    number: node.number, name: node.volunteer?.name ?? '', org: node.organization?.name ?? '', from: node.periodFrom, to: node.periodTo,
    hours: node.content.hours, personTimes: node.content.personTimes, code: node.verificationCode, superseded: node.superseded ? 'yes' : 'no',
  }));
}

interface ExportOptions extends ScopeOptions {
  groupBy?: string;
  day?: string;
  format?: string;
  out?: string;
}

function exportFormat(ctx: CliContext, value: string | undefined): ExportFormat {
  const format = (value ?? 'csv').toUpperCase();
  if (format !== 'CSV' && format !== 'XLSX') throw new CliError(ctx.t('error.format', { value: value ?? '', formats: 'csv, xlsx' }), EXIT.USAGE);
  return format;
}

async function exportFile(ctx: CliContext, what: string, options: ExportOptions): Promise<void> {
  const client = await ctx.client();
  const format = exportFormat(ctx, options.format);
  const language = exportLanguage(ctx);
  let url: string;
  if (what === 'tally') {
    const input = { groupBy: groupBy(ctx, options.groupBy ?? 'team'), ...(await scope(ctx, client, options)) };
    url = (await client.request(TallyExportDocument, { input, format, language })).tallyExport.url;
  } else if (what === 'totals') {
    url = (await client.request(VolunteerTotalsExportDocument, { input: await scope(ctx, client, options), format, language })).volunteerTotalsExport.url;
  } else if (what === 'roster') {
    if (!options.grid) throw new CliError(ctx.t('error.needGrid'), EXIT.USAGE);
    const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
    url = (await client.request(RosterExportDocument, { gridId: grid.id, date: options.day ?? shanghaiToday(), format, language })).rosterExport.url;
  } else {
    if (!options.org) throw new CliError(ctx.t('error.needOrg'), EXIT.USAGE);
    const org = await resolveOrganization(client, ctx.t, options.org);
    url = (await client.request(CertificateRegisterExportDocument, { organizationId: org.id, format, language })).certificateRegisterExport.url;
  }
  await save(ctx, client, url, options.out);
}

function scopeOptions(command: Command, t: CliApp['t']): Command {
  return command.option('--from <date>', t('help.from')).option('--to <date>', t('help.to'))
    .option('--org <id|name>', t('help.orgFilter')).option('--grid <id|name>', t('help.gridFilter')).option('--team <id>', t('help.teamFilter'));
}

export function registerHours(program: Command, app: CliApp): void {
  const { t } = app;
  scopeOptions(program.command('tally').description(t('help.tally')), t)
    .requiredOption('--group-by <group>', `${t('help.groupBy')} ${GROUPS.map((g) => g.toLowerCase()).join(', ')}`)
    .option('--format <format>', t('help.tallyFormat'), 'table')
    .option('--out <file>', t('help.out'))
    .action(app.run((ctx, options: TallyOptions) => tally(ctx, options)));
  const certificate = program.command('certificate').description(t('help.certificate'));
  certificate.command('issue').description(t('help.certificateIssue'))
    .requiredOption('--volunteer <id|mobile|name>', t('help.volunteer'))
    .requiredOption('--org <id|name>', t('help.issuer'))
    .requiredOption('--from <date>', t('help.from'))
    .requiredOption('--to <date>', t('help.to'))
    .option('--out <file.pdf|file.html>', t('help.certificateOut'))
    .action(app.run((ctx, options: IssueOptions) => issueCertificate(ctx, options)));
  certificate.command('get <id>').description(t('help.certificateGet'))
    .option('--out <file.pdf|file.html>', t('help.certificateOut'))
    .action(app.run((ctx, id: string, options: { out?: string }) => getCertificate(ctx, id, options)));
  const exporting = program.command('export').description(t('help.export'));
  for (const what of ['tally', 'totals', 'roster', 'certificates']) {
    const command = scopeOptions(exporting.command(what).description(t(`help.export.${what}` as never)), t)
      .option('--format <csv|xlsx>', t('help.exportFormat'), 'csv').option('--out <file>', t('help.out'));
    if (what === 'tally') command.option('--group-by <group>', t('help.groupBy'), 'team');
    if (what === 'roster') command.option('--day <date>', t('help.day'));
    command.action(app.run((ctx, options: ExportOptions) => exportFile(ctx, what, options)));
  }
}
