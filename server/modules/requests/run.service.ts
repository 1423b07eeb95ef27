import { timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { serviceRuns } from '../../../drizzle/tables';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { memberOfSql } from './dispatch.queries';
import { appendRequestEvent } from './request.events';
import { canManageRequests, isRunner } from './request.policy';
import { isRequestVisible, lockRequest, lockRun, requestOfVisibleRun, updateRun } from './request.queries';
import type { RequestEventKind, RunFailureReason } from './request.enums';
import type { ServiceRequestRow, ServiceRunRow } from './request.type';

/** Wrong hand-over codes a request takes (over all its runs) before only the resident's confirmation is left. */
export const MAX_CODE_FAILURES = 5;

interface HeldRun {
  run: ServiceRunRow;
  request: ServiceRequestRow;
  manages: boolean;
  runner: boolean;
  /** An active member of the team the run was handed to (it has no runner yet). */
  teamMember: boolean;
}

/** The run, its request (both locked, request first like every writer), and the viewer's part in it; nothing is locked for a run they may not read. */
async function heldRun(tx: Tx, viewer: Viewer, runId: number): Promise<HeldRun> {
  const requestId = await requestOfVisibleRun(tx, viewer, runId);
  const request = requestId == null ? undefined : await lockRequest(tx, requestId);
  const run = request && (await lockRun(tx, runId));
  if (!run || !request || !(await isRequestVisible(tx, viewer, request.id))) throw new NotFoundError('ServiceRun');
  const manages = canManageRequests(viewer, request);
  const runner = isRunner(viewer, run);
  let teamMember = false;
  if (run.teamId != null && run.volunteerId == null && viewer.volunteerId != null) {
    const [row] = await tx.execute<{ member: boolean }>(sql`select ${memberOfSql(run.teamId, viewer.volunteerId)} as member`);
    teamMember = row.member;
  }
  if (!manages && !runner && !teamMember) throw new NotFoundError('ServiceRun');
  return { run, request, manages, runner, teamMember };
}

function assertStatus(run: ServiceRunRow, allowed: ServiceRunRow['status'][], action: string): void {
  if (!allowed.includes(run.status)) throw new ConflictError({ key: 'requests.runStatus', params: { status: run.status } }, 'STATUS');
}

async function transition(tx: Tx, viewer: Viewer, held: HeldRun, kind: RequestEventKind, values: Partial<typeof serviceRuns.$inferInsert>): Promise<ServiceRunRow> {
  const run = await updateRun(tx, held.run.id, values);
  await appendRequestEvent(tx, { kind, requestId: held.request.id, runId: run.id, actorAccountId: viewer.accountId });
  return run;
}

/** The runner sets out; on a team's run, the member who sets out becomes its runner. */
export async function startRun(db: Db, viewer: Viewer, runId: number): Promise<ServiceRunRow> {
  return db.transaction(async (tx) => {
    const held = await heldRun(tx, viewer, runId);
    if (!held.runner && !held.teamMember) throw new ForbiddenError('requests.onlyRunnerSetsOut');
    assertStatus(held.run, ['ASSIGNED'], 'started');
    const runner = held.teamMember ? { volunteerId: viewer.volunteerId } : {};
    return transition(tx, viewer, held, 'REQUEST_EN_ROUTE', { ...runner, status: 'EN_ROUTE', startedAt: new Date() });
  });
}

function codeMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Judges a typed hand-over code in a transaction of its own, so a wrong guess is counted (and
 * committed) before the caller reports it; the run's row lock makes concurrent guesses count one
 * after another. At the limit only a grid worker's record of the resident's confirmation is left.
 */
async function judgeHandoverCode(db: Db, viewer: Viewer, runId: number, code: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const held = await heldRun(tx, viewer, runId);
    if (!held.runner) throw new ForbiddenError('requests.onlyRunnerCompletes');
    // A runner who looks after the grid's residents can read the code: typing it proves nothing.
    if (held.manages) throw new ForbiddenError('requests.noSelfProof');
    assertStatus(held.run, ['EN_ROUTE'], 'completed');
    // Counted over every run of the request, so giving a run up and claiming again buys no more guesses.
    const [{ wrong }] = await tx.execute<{ wrong: number }>(sql`select coalesce(sum(code_failures), 0)::int as wrong from service_runs where request_id = ${held.request.id}`);
    if (wrong >= MAX_CODE_FAILURES) throw new ConflictError('requests.tooManyWrongCodes', 'TOO_MANY_ATTEMPTS');
    if (codeMatches(code, held.request.handoverCode)) return true;
    await tx.update(serviceRuns).set({ codeFailures: sql`${serviceRuns.codeFailures} + 1` }).where(eq(serviceRuns.id, runId));
    return false;
  });
}

/** The runner hands over and types the resident's code: DONE, and PostgreSQL credits the run's hours. */
export async function completeRun(db: Db, viewer: Viewer, runId: number, code: string): Promise<ServiceRunRow> {
  if (!(await judgeHandoverCode(db, viewer, runId, code))) {
    throw new BadUserInputError('requests.wrongHandoverCode', 'handoverCode', 'INVALID_CODE');
  }
  return db.transaction(async (tx) => {
    const held = await heldRun(tx, viewer, runId);
    assertStatus(held.run, ['EN_ROUTE'], 'completed');
    return transition(tx, viewer, held, 'REQUEST_DONE', { status: 'DONE', finishedAt: new Date(), proof: 'HANDOVER_CODE' });
  });
}

/** A grid worker records that the resident confirmed the hand-over (by phone, in person): DONE. Never on their own run. */
export async function confirmRun(db: Db, viewer: Viewer, runId: number): Promise<ServiceRunRow> {
  return db.transaction(async (tx) => {
    const held = await heldRun(tx, viewer, runId);
    if (!held.manages) throw new ForbiddenError('requests.onlyResidentStaffConfirm');
    if (held.runner) throw new ForbiddenError('requests.noSelfProof');
    assertStatus(held.run, ['EN_ROUTE'], 'confirmed');
    return transition(tx, viewer, held, 'REQUEST_DONE', { status: 'DONE', finishedAt: new Date(), proof: 'RESIDENT_CONFIRMATION' });
  });
}

/** Nobody home, refused, wrong address: FAILED with the reason, and the request goes back to the queue. */
export async function failRun(db: Db, viewer: Viewer, runId: number, reason: RunFailureReason, note: string | null): Promise<ServiceRunRow> {
  const clean = note?.normalize('NFKC').trim() || null;
  if (clean && clean.length > 500) throw new BadUserInputError('requests.noteTooLong', 'note');
  if (reason === 'OTHER' && !clean) throw new BadUserInputError('requests.noteForOther', 'note');
  return db.transaction(async (tx) => {
    const held = await heldRun(tx, viewer, runId);
    if (!held.runner && !held.manages) throw new ForbiddenError('requests.onlyRunnerOrStaffFail');
    assertStatus(held.run, ['ASSIGNED', 'EN_ROUTE'], 'failed');
    return transition(tx, viewer, held, 'REQUEST_FAILED', { status: 'FAILED', finishedAt: new Date(), failureReason: reason, note: clean });
  });
}

/** Gives an untried run back (the runner, a member of its team, or staff): the request is open again. */
export async function releaseRun(db: Db, viewer: Viewer, runId: number): Promise<ServiceRunRow> {
  return db.transaction(async (tx) => {
    const held = await heldRun(tx, viewer, runId);
    assertStatus(held.run, ['ASSIGNED'], 'released');
    return transition(tx, viewer, held, 'REQUEST_RELEASED', { status: 'RELEASED', finishedAt: new Date() });
  });
}
