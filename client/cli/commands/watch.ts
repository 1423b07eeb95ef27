import type { Command } from 'commander';
import { watchRoster, type RosterEvent, type WatchStatus } from '../../sdk';
import type { CliApp, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { shanghai, shanghaiToday } from '../i18n';
import { GridDirectory } from '../resolve';
import type { MessageId } from '../messages/zh';
import { dayRoster, rosterTable } from './shifts';

/** The status line: live, cut and reconnecting (in how long, which attempt), back with what was missed. */
function statusLine(ctx: CliContext, status: WatchStatus, caughtUp: number): string {
  const { t } = ctx;
  if (status.state === 'live') return caughtUp > 0 ? t('watch.resumed', { count: caughtUp }) : t('watch.live', { time: shanghai(new Date(), 'time') });
  if (status.state === 'reconnecting') return t('watch.reconnecting', { attempt: status.attempt, seconds: ((status.retryInMs ?? 0) / 1000).toFixed(1) });
  if (status.state === 'failed') return t('watch.failed', { reason: status.error?.message ?? '' });
  return t(`watch.${status.state}` as MessageId);
}

/**
 * The live roster of a grid for the day: drawn once, then redrawn as roster events arrive. The
 * connection is resumed after a drop from the last event seen (the SDK's watchRoster), and the
 * status line says so. Without a terminal (or with --json) each event and status is a line.
 */
async function watch(ctx: CliContext, options: { grid: string; day?: string }): Promise<number> {
  const client = await ctx.client();
  const grid = (await GridDirectory.load(client)).require(options.grid, ctx.t);
  const day = options.day ?? shanghaiToday();
  const tty = Boolean((ctx.stdout as NodeJS.WriteStream).isTTY) && !ctx.json;
  let status: WatchStatus = { state: 'connecting', attempt: 0, cursor: null };
  let sinceDrop = 0;
  let dropped = false;
  let redraw: NodeJS.Timeout | null = null;

  const draw = async () => {
    const shifts = await dayRoster(client, grid.id, day);
    ctx.stdout.write('\x1b[2J\x1b[H');
    ctx.print(ctx.t('roster.title', { grid: grid.path, day }));
    ctx.print(rosterTable(ctx, shifts));
    ctx.print(statusLine(ctx, status, dropped ? 0 : sinceDrop));
  };
  const schedule = () => { if (tty && !redraw) redraw = setTimeout(() => { redraw = null; void draw(); }, 150); };
  const line = (kind: string, payload: Record<string, unknown>, text: string) => ctx.print(ctx.json ? JSON.stringify({ type: kind, ...payload }) : text);

  const onEvent = (event: RosterEvent) => {
    if (dropped) sinceDrop += 1;
    if (tty) return schedule();
    const who = event.assignment?.volunteer.name ?? '';
    line('event', { kind: event.kind, at: event.at, cursor: event.cursor, shift: event.shift, assignment: event.assignment },
      `${shanghai(event.at, 'time')} ${ctx.t(`event.${event.kind}` as MessageId)} ${event.shift.title} ${who}`.trim());
  };
  const onStatus = (next: WatchStatus) => {
    if (next.state === 'reconnecting' && status.state === 'live') { dropped = true; sinceDrop = 0; }
    const caughtUp = next.state === 'live' && dropped ? sinceDrop : 0;
    status = next;
    if (next.state === 'live' && dropped) {
      // Events replayed after the drop arrive after `connected`: report them once they are in.
      setTimeout(() => {
        line('status', { state: 'resumed', replayed: sinceDrop }, statusLine(ctx, next, sinceDrop));
        dropped = false;
        if (tty) schedule();
      }, 500);
      return;
    }
    if (tty) return schedule();
    line('status', { state: next.state, attempt: next.attempt, retryInMs: next.retryInMs ?? null }, statusLine(ctx, next, caughtUp));
  };

  if (tty) await draw();
  else if (!ctx.json) { ctx.print(ctx.t('roster.title', { grid: grid.path, day })); ctx.print(rosterTable(ctx, await dayRoster(client, grid.id, day))); }
  const stored = await ctx.store.read();
  const live = watchRoster({ url: client.url.replace(/^http/, 'ws'), httpUrl: client.url, token: stored?.token, language: ctx.acceptLanguage, filter: { gridId: grid.id } }, { event: onEvent, status: onStatus });
  const stop = () => { void live.stop(); };
  ctx.io.interrupt.addEventListener('abort', stop, { once: true });
  try {
    await live.done;
    return EXIT.OK;
  } finally {
    ctx.io.interrupt.removeEventListener('abort', stop);
    if (redraw) clearTimeout(redraw);
  }
}

export function registerWatch(program: Command, app: CliApp): void {
  const { t } = app;
  program.command('watch').description(t('help.watch'))
    .requiredOption('--grid <id|name>', t('help.grid'))
    .option('--day <date>', t('help.day'))
    .action(app.run((ctx, options: { grid: string; day?: string }) => watch(ctx, options)));
}
