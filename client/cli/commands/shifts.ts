import type { Command } from 'commander';
import Table from 'cli-table3';
import {
  AssignVolunteerDocument, CreateShiftRotationDocument, GridDayRosterDocument, type DutyType, type GridDayRosterQuery, type GridrosterClient,
} from '../../sdk';
import type { CliApp, CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { shanghai, shanghaiToday } from '../i18n';
import { GridDirectory } from '../resolve';
import { findVolunteerId } from './volunteers';
import type { MessageId } from '../messages/zh';

const DUTIES: DutyType[] = ['CHECKPOINT', 'DISINFECTION', 'DOOR_TO_DOOR', 'ELDERLY_CARE', 'HOTLINE', 'MEDIATION', 'NUCLEIC_ACID_SAMPLING', 'OTHER', 'PATROL', 'PUBLICITY', 'SUPPLY_DELIVERY'];

interface RotationOptions {
  grid: string;
  title: string;
  duty: string;
  startDate: string;
  days: string;
  shiftsPerDay: string;
  dayStartsAt?: string;
  capacity: string;
  location?: string;
  skills?: string;
  partyMember?: boolean;
}

function integer(ctx: CliContext, value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CliError(ctx.t('error.notInteger', { option, value }), EXIT.USAGE);
  return n;
}

async function createRotation(ctx: CliContext, options: RotationOptions): Promise<void> {
  const client = await ctx.client();
  const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
  const duty = options.duty.toUpperCase() as DutyType;
  if (!DUTIES.includes(duty)) throw new CliError(ctx.t('error.duty', { value: options.duty, duties: DUTIES.join(', ') }), EXIT.USAGE);
  const { createShiftRotation: shifts } = await client.request(CreateShiftRotationDocument, {
    input: {
      startDate: options.startDate, days: integer(ctx, options.days, '--days'), shiftsPerDay: integer(ctx, options.shiftsPerDay, '--shifts-per-day'),
      dayStartsAt: options.dayStartsAt ?? '00:00',
      template: {
        title: options.title, duty, gridId: grid.id, capacity: integer(ctx, options.capacity, '--capacity'), location: options.location ?? null,
        requiredSkills: options.skills ? options.skills.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : [],
        requiresPartyMember: Boolean(options.partyMember),
        // The rotation sets every shift's times; the template's are ignored.
        startsAt: new Date(0).toISOString(), endsAt: new Date(0).toISOString(),
      },
    },
  });
  if (ctx.json) return ctx.printJson(shifts);
  ctx.print(ctx.t('rotation.created', { count: shifts.length, grid: grid.path }));
  const table = new Table({ head: [ctx.t('roster.time'), ctx.t('roster.post'), ctx.t('roster.seats')] });
  for (const s of shifts) table.push([`${shanghai(s.startsAt)}–${shanghai(s.endsAt, 'time')}`, s.title, String(s.capacity)]);
  ctx.print(table.toString());
}

async function assign(ctx: CliContext, options: { shift: string; volunteer: string; key?: string }): Promise<void> {
  const client = await ctx.client();
  const volunteerId = await findVolunteerId(ctx, client, options.volunteer);
  const { assignVolunteer: a } = await client.request(AssignVolunteerDocument, { shiftId: options.shift, volunteerId, idempotencyKey: options.key ?? null });
  if (ctx.json) return ctx.printJson(a);
  ctx.print(ctx.t(a.status === 'WAITLISTED' ? 'assign.waitlisted' : 'assign.done', { name: a.volunteer.name, position: a.waitlistPosition ?? 0, filled: a.shift.filled }));
}

type RosterShift = GridDayRosterQuery['shifts']['edges'][number]['node'];

/** Every post of the grid (and below it) on the day, following pages. */
export async function dayRoster(client: GridrosterClient, gridId: string, day: string): Promise<RosterShift[]> {
  const shifts: RosterShift[] = [];
  for (let after: string | null = null; ;) {
    const page: GridDayRosterQuery = await client.request(GridDayRosterDocument, { gridId, range: { from: day, to: day }, after });
    shifts.push(...page.shifts.edges.map((e) => e.node));
    if (!page.shifts.pageInfo.hasNextPage) return shifts.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    after = page.shifts.pageInfo.endCursor;
  }
}

/** The roster as a table: time, post, grid, seats, who (with their status). */
export function rosterTable(ctx: CliContext, shifts: RosterShift[]): string {
  const { t } = ctx;
  const table = new Table({ head: [t('roster.time'), t('roster.post'), t('roster.grid'), t('roster.seats'), t('roster.who')], wordWrap: true });
  for (const s of shifts) {
    const who = s.roster.map((a) => `${a.volunteer.name}（${t(`status.${a.status}` as MessageId)}${a.status === 'WAITLISTED' ? ` ${a.waitlistPosition}` : ''}）`).join('、');
    const seats = s.status === 'CANCELLED' ? t('roster.cancelled') : `${s.filled}/${s.capacity}${s.waitlisted ? ` +${s.waitlisted}` : ''}`;
    table.push([`${shanghai(s.startsAt, 'time')}–${shanghai(s.endsAt, 'time')}`, s.title, s.grid.name, seats, who || t('roster.nobody')]);
  }
  return shifts.length ? table.toString() : t('roster.none');
}

async function roster(ctx: CliContext, options: { grid: string; day?: string }): Promise<void> {
  const client = await ctx.client();
  const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
  const day = options.day ?? shanghaiToday();
  const shifts = await dayRoster(client, grid.id, day);
  if (ctx.json) return ctx.printJson({ grid: { id: grid.id, name: grid.path }, day, shifts });
  ctx.print(ctx.t('roster.title', { grid: grid.path, day }));
  ctx.print(rosterTable(ctx, shifts));
}

export function registerShifts(program: Command, app: CliApp): void {
  const { t } = app;
  const rotation = program.command('rotation').description(t('help.rotation'));
  rotation.command('create').description(t('help.rotationCreate'))
    .requiredOption('--grid <id|name>', t('help.grid'))
    .requiredOption('--title <title>', t('help.title'))
    .requiredOption('--duty <duty>', `${t('help.duty')} ${DUTIES.join(', ')}`)
    .requiredOption('--start-date <date>', t('help.startDate'))
    .requiredOption('--days <n>', t('help.days'))
    .requiredOption('--shifts-per-day <n>', t('help.shiftsPerDay'))
    .requiredOption('--capacity <n>', t('help.capacity'))
    .option('--day-starts-at <HH:MM>', t('help.dayStartsAt'), '00:00')
    .option('--location <text>', t('help.location'))
    .option('--skills <a,b>', t('help.skills'))
    .option('--party-member', t('help.partyPost'))
    .action(app.run((ctx, options: RotationOptions) => createRotation(ctx, options)));
  program.command('assign').description(t('help.assign'))
    .requiredOption('--shift <id>', t('help.shift'))
    .requiredOption('--volunteer <id|mobile|name>', t('help.volunteer'))
    .option('--key <idempotency-key>', t('help.key'))
    .action(app.run((ctx, options: { shift: string; volunteer: string; key?: string }) => assign(ctx, options)));
  program.command('roster').description(t('help.roster'))
    .requiredOption('--grid <id|name>', t('help.grid'))
    .option('--day <date>', t('help.day'))
    .action(app.run((ctx, options: { grid: string; day?: string }) => roster(ctx, options)));
}
