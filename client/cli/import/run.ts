import { SingleBar } from 'cli-progress';
import {
  AddTeamMemberDocument, GridrosterError, ImportVolunteersDocument, type GridrosterClient, type ImportVolunteersMutation, type VolunteerInput,
} from '../../sdk';
import type { CliContext } from '../context';
import type { Translate } from '../i18n';

type Result = ImportVolunteersMutation['registerVolunteers']['results'][number];

/** A row ready to send, with where it came from. */
export interface Outgoing {
  sheetRow: number;
  volunteer: VolunteerInput;
  teamId: string | null;
}

export interface BatchOptions {
  organizationId: string;
  update: boolean;
  dryRun: boolean;
  batchSize: number;
}

/** What the server said about one sheet row (and, for a team column, whether they joined the team). */
export interface Answered {
  row: Outgoing;
  result: Result;
  /** Null unless adding them to the sheet's team failed. */
  teamError: string | null;
  /** For SAME_AS_ROW: the sheet's row number of the earlier row (the server counts within its batch). */
  sameAsSheetRow: number | null;
}

export interface RunOutcome {
  answered: Answered[];
  /** Rows sent before a Ctrl-C stopped the run (all when it ran to the end). */
  sent: number;
  interrupted: boolean;
  seconds: number;
}

/** Outcomes whose person now belongs to the organization: they can join its team. */
const HELD = new Set(['CREATED', 'AFFILIATED', 'ALREADY_REGISTERED']);

/** Runs `work` over the items, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Each row with a team column joins that team; already a member is fine (a rerun), anything else is reported. */
async function joinTeams(client: GridrosterClient, answered: Answered[]): Promise<void> {
  const joining = answered.filter((a) => a.row.teamId && a.result.volunteer && HELD.has(a.result.outcome));
  await inParallel(joining, 4, async (a) => {
    try {
      await client.request(AddTeamMemberDocument, { teamId: a.row.teamId!, volunteerId: a.result.volunteer!.id });
    } catch (error) {
      if (error instanceof GridrosterError && error.code === 'CONFLICT') return;
      a.teamError = (error as Error).message;
    }
  });
}

/** cli-progress's own placeholders, passed through the ICU formatter as they are. */
const BAR_TOKENS = ['bar', 'percentage', 'value', 'total', 'rate', 'eta_formatted'];

/** The progress bar's format in the user's language, for cli-progress to fill in. */
export function barFormat(t: Translate): string {
  return t('import.bar', Object.fromEntries(BAR_TOKENS.map((token) => [token, `{${token}}`])));
}

class Progress {
  private readonly bar: SingleBar | null;
  private readonly started = Date.now();

  constructor(private readonly ctx: CliContext, private readonly total: number) {
    const tty = Boolean((ctx.stderr as NodeJS.WriteStream).isTTY) && !ctx.json;
    this.bar = tty ? new SingleBar({
      stream: ctx.stderr as NodeJS.WriteStream,
      format: barFormat(ctx.t),
      hideCursor: true,
      etaBuffer: 5,
    }) : null;
    this.bar?.start(total, 0, { rate: '0' });
  }

  rate(done: number): number {
    const seconds = (Date.now() - this.started) / 1000;
    return seconds > 0 ? Math.round(done / seconds) : 0;
  }

  update(done: number): void {
    const rate = this.rate(done);
    if (this.bar) return this.bar.update(done, { rate: String(rate) });
    const eta = rate > 0 ? Math.ceil((this.total - done) / rate) : 0;
    this.ctx.note(this.ctx.t('import.progress', { done, total: this.total, rate, eta }));
  }

  stop(): void {
    this.bar?.stop();
  }
}

/**
 * Sends the rows in batches (at most 1,000, the API's limit) and joins teams after each. A first
 * Ctrl-C lets the batch in flight finish and stops there, so every row is either answered or not
 * sent (a second one leaves at once, see io.ts). Rows registered before are recognized when run again.
 */
export async function runBatches(ctx: CliContext, client: GridrosterClient, rows: Outgoing[], options: BatchOptions): Promise<RunOutcome> {
  const started = Date.now();
  const { interrupt } = ctx.io;
  const onInterrupt = () => ctx.note(ctx.t('import.stopping'));
  interrupt.addEventListener('abort', onInterrupt, { once: true });
  const progress = new Progress(ctx, rows.length);
  const answered: Answered[] = [];
  let sent = 0;
  try {
    for (let start = 0; start < rows.length && !interrupt.aborted; start += options.batchSize) {
      const batch = rows.slice(start, start + options.batchSize);
      const { registerVolunteers } = await client.request(ImportVolunteersDocument, {
        organizationId: options.organizationId, volunteers: batch.map((r) => r.volunteer), update: options.update, dryRun: options.dryRun,
      });
      const now = registerVolunteers.results.map((result) => ({
        row: batch[result.row], result, teamError: null, sameAsSheetRow: result.sameAsRow == null ? null : batch[result.sameAsRow].sheetRow,
      }));
      if (!options.dryRun) await joinTeams(client, now);
      answered.push(...now);
      sent = start + batch.length;
      progress.update(sent);
    }
  } finally {
    progress.stop();
    interrupt.removeEventListener('abort', onInterrupt);
  }
  return { answered, sent, interrupted: interrupt.aborted && sent < rows.length, seconds: (Date.now() - started) / 1000 };
}
