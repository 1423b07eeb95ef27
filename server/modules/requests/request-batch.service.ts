import { and, eq, inArray } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { households } from '../../../drizzle/tables';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, LocalizedError, NotFoundError } from '../../platform/errors';
import type { Message } from '../../platform/i18n';
import { pgErrorCode } from '../../platform/pg-codes';
import type { Viewer } from '../auth/viewer';
import { normalizeAddress } from './household.service';
import { assertCanManageRequests } from './request.policy';
import { householdVisibleWhere, requestGrid } from './request.queries';
import { HouseholdsToServe, recordRequestIn, type NewServiceRequest } from './request.service';

/** Rows one recordServiceRequests call takes (a building's day of orders is some dozens; a town's, hundreds). */
export const MAX_REQUEST_BATCH = 1000;

/** A batch row: the household by id, or by its grid and address (as a sheet names it). */
export type BatchRow = Omit<NewServiceRequest, 'householdId'> & { householdId?: number | null; gridId?: number | null; address?: string | null };

export type RowOutcome = 'RECORDED' | 'ALREADY_RECORDED' | 'WOULD_RECORD' | 'REJECTED' | 'NOT_SAVED';

export interface RowResult {
  row: number;
  outcome: RowOutcome;
  requestId: number | null;
  plannedFor: string | null;
  errorCode: string | null;
  errorField: string | null;
  errorReason: string | null;
  message: Message | null;
}

/** Thrown to roll a batch back (dry run, or an atomic batch with a rejected row) after its outcomes are known. */
class RollBack extends Error {}

/**
 * The households a batch names, by id or by grid and address: each grid checked once (visible, else
 * NOT_FOUND; looked after, else FORBIDDEN) and its addresses of the batch read in one query.
 */
class BatchHouseholds {
  readonly served: HouseholdsToServe;
  private readonly byGrid = new Map<number, Promise<Map<string, number>>>();

  constructor(private readonly tx: Tx, private readonly viewer: Viewer, private readonly rows: BatchRow[]) {
    this.served = new HouseholdsToServe(tx, viewer);
  }

  async idOf(row: BatchRow): Promise<number> {
    if ((row.householdId == null) === (row.gridId == null || !row.address)) throw new BadUserInputError('requests.oneHousehold', 'householdId');
    if (row.householdId != null) return row.householdId;
    const found = (await this.addressesOf(row.gridId!)).get(normalizeAddress(row.address!));
    if (found == null) throw new BadUserInputError('requests.householdUnknown', 'address', 'HOUSEHOLD_UNKNOWN');
    return found;
  }

  private addressesOf(gridId: number): Promise<Map<string, number>> {
    let found = this.byGrid.get(gridId);
    if (!found) {
      found = this.readAddresses(gridId);
      this.byGrid.set(gridId, found);
    }
    return found;
  }

  private async readAddresses(gridId: number): Promise<Map<string, number>> {
    const grid = await requestGrid(this.tx, this.viewer, gridId);
    if (!grid?.visible) throw new NotFoundError('Grid');
    assertCanManageRequests(this.viewer, grid);
    const addresses = [...new Set(this.rows.filter((r) => r.gridId === gridId && r.address).map((r) => normalizeAddress(r.address!)))];
    const found = await this.tx.select({ id: households.id, address: households.address }).from(households)
      .where(and(eq(households.gridId, gridId), inArray(households.address, addresses), householdVisibleWhere(this.viewer)));
    await this.served.preload(found.map((h) => h.id));
    return new Map(found.map((h) => [h.address, h.id]));
  }
}

function rejected(row: number, error: GraphQLError): RowResult {
  const ext = error.extensions as { code?: string; field?: string; reason?: string };
  const message = error instanceof LocalizedError ? error.localized : null;
  return { row, outcome: 'REJECTED', requestId: null, plannedFor: null, errorCode: ext.code ?? null, errorField: ext.field ?? null, errorReason: ext.reason ?? null, message };
}

/** One row in a savepoint of its own: a refused row leaves nothing behind and the others go on. */
async function recordRow(tx: Tx, viewer: Viewer, lookups: BatchHouseholds, row: BatchRow, index: number, retried = false): Promise<RowResult> {
  try {
    const householdId = await lookups.idOf(row);
    const served = await lookups.served.served(householdId);
    const recorded = await tx.transaction(async (sp) => recordRequestIn(sp, viewer, { ...row, householdId }, served));
    return { row: index, outcome: recorded.existing ? 'ALREADY_RECORDED' : 'RECORDED', requestId: recorded.id, plannedFor: recorded.plannedFor, errorCode: null, errorField: null, errorReason: null, message: null };
  } catch (error) {
    if (error instanceof GraphQLError) return rejected(index, error);
    // A concurrent run of the same sheet recorded this order first: answered as that request on the next try.
    if (pgErrorCode(error) === '23505' && row.orderKey && !retried) return recordRow(tx, viewer, lookups, row, index, true);
    throw error;
  }
}

/**
 * Records up to 1,000 requests in one transaction, one savepoint per row. Non-atomic: each row is
 * recorded or refused on its own. Atomic: all or none (the others NOT_SAVED when one is refused).
 * A dry run checks every row and saves nothing (WOULD_RECORD, with the day it would be planned for).
 */
export async function recordServiceRequests(db: Db, viewer: Viewer, rows: BatchRow[], options: { atomic: boolean; dryRun: boolean }): Promise<RowResult[]> {
  if (rows.length === 0) throw new BadUserInputError('requests.batchEmpty', 'rows');
  if (rows.length > MAX_REQUEST_BATCH) throw new BadUserInputError({ key: 'requests.batchTooLarge', params: { max: MAX_REQUEST_BATCH } }, 'rows');
  let results: RowResult[] = [];
  try {
    await db.transaction(async (tx) => {
      const lookups = new BatchHouseholds(tx, viewer, rows);
      await lookups.served.preload(rows.flatMap((r) => (r.householdId == null ? [] : [r.householdId])));
      for (const [index, row] of rows.entries()) results.push(await recordRow(tx, viewer, lookups, row, index));
      if (options.dryRun || (options.atomic && results.some((r) => r.outcome === 'REJECTED'))) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    const undone: RowOutcome = options.dryRun ? 'WOULD_RECORD' : 'NOT_SAVED';
    results = results.map((r) => (r.outcome === 'RECORDED' ? { ...r, outcome: undone, requestId: null } : r));
  }
  return results;
}

/** For the resolver: how many rows a batch answers (its query cost). */
export const batchLength = (args: Record<string, unknown>) => Math.min(Array.isArray(args.rows) ? args.rows.length : 0, MAX_REQUEST_BATCH);
