import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { toGlobalId } from '../../platform/ids';
import { seesCorrection, type Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { changesOf, describe, idNumberAdded, permitted, type Changes, type RowDifference, type UpdateStanding } from './registration.differences';
import { accountHolders, applyChanges, registrarsOf, volunteersByIds } from './registration.queries';
import type { Accepted } from './registration.rows';
import type { RegistrationOutcome } from './registration.results';
import { seesPersonalData } from './volunteer.policy';
import { gridIdsWhere } from './volunteer.queries';
import type { VolunteerRow } from './volunteer.type';

/** A row of the batch that names a person, and that person as the batch found and left them. */
export interface NamedRow {
  row: number;
  typed: Accepted;
  slot: {
    firstRow: number;
    /** The person as read before this batch; null for one this batch created. */
    before: VolunteerRow | null;
    stored: VolunteerRow | null;
    outcome?: RegistrationOutcome;
  };
}

interface Judged {
  named: NamedRow;
  changes: Changes;
  standing: UpdateStanding;
}

/** Who the caller may see in full, who has an account, which home grids they may see: only for what the rows change. */
async function factsFor(tx: Tx, viewer: Viewer, rows: { named: NamedRow; changes: Changes }[]) {
  const withMobile = [...new Set(rows.filter((r) => r.changes.mobile).map((r) => r.named.slot.stored!.id))];
  const homeGrids = [...new Set(rows.flatMap((r) => (r.changes.homeGridId != null ? [r.changes.homeGridId, r.named.slot.before?.homeGridId ?? -1] : [])))];
  const [registrars, holders, grids] = await Promise.all([
    registrarsOf(tx, withMobile), accountHolders(tx, withMobile), gridIdsWhere(tx, homeGrids, visibleGridSql(viewer, sql`g.path`, sql`go.path`)),
  ]);
  const readsInFull = (id: number) => {
    const registrar = registrars.get(id);
    const known = registrar && (registrar.kind !== 'CORRECTION_OFFICE' || seesCorrection(viewer, registrar.path));
    return seesPersonalData(viewer, id, known ? registrar.path : null);
  };
  const grid = (id: number | null) => (id != null && grids.has(id) ? toGlobalId('Grid', id) : null);
  return { readsInFull, hasAccount: (id: number) => holders.has(id), grid };
}

/** Every mobile the batch's people hold or are about to, with whose it is. */
function mobilesOf(rows: NamedRow[]): Map<string, number> {
  return new Map(rows.map((r) => [r.slot.stored!.mobile, r.slot.stored!.id]));
}

/**
 * Reports, for every row naming a person the caller may see, what the row says that the record
 * does not; with `update`, applies it where the caller's organization already holds the person
 * (the first row naming them only). A person only asked to confirm is never described: the row is
 * all the organization may know.
 */
export async function settleDifferences(tx: Tx, viewer: Viewer, named: NamedRow[], update: boolean): Promise<Map<number, RowDifference[]>> {
  const shown = named.filter((n) => n.slot.outcome !== 'AWAITING_CONFIRMATION' && n.slot.stored);
  const compared = shown.map((n) => ({ named: n, changes: changesOf(n.typed.value, n.slot.before ?? n.slot.stored!) }))
    .filter((c) => Object.keys(c.changes).length > 0 && !(c.named.slot.before == null && c.named.slot.firstRow === c.named.row));
  const facts = await factsFor(tx, viewer, compared);
  const mobiles = mobilesOf(named);
  const judged: Judged[] = compared.map(({ named: n, changes }) => {
    const id = n.slot.stored!.id;
    const holder = changes.mobile ? mobiles.get(changes.mobile) : undefined;
    const standing: UpdateStanding = {
      requested: update, outcome: n.slot.outcome!, firstRow: n.slot.firstRow === n.row,
      readsInFull: facts.readsInFull(id), hasAccount: facts.hasAccount(id), mobileTaken: holder != null && holder !== id,
    };
    return { named: n, changes, standing };
  });
  const kept = await apply(tx, judged);
  const out = new Map<number, RowDifference[]>();
  for (const j of judged) {
    const described = describe(j.changes, j.named.slot.before ?? j.named.slot.stored!, j.standing, { readsInFull: j.standing.readsInFull, grid: facts.grid });
    out.set(j.named.row, described.map((d) => (d.field === 'mobile' && d.applied && kept.has(j.named.slot.stored!.id) ? { ...d, applied: false, reason: 'HAS_ACCOUNT' } : d)));
  }
  for (const n of shown) {
    if (n.typed.value.idNumber && n.slot.before && n.slot.before.idNumberHash == null && n.slot.stored!.idNumberHash === n.typed.idNumberHash) {
      out.set(n.row, [idNumberAdded(n.typed.value), ...(out.get(n.row) ?? [])]);
    }
  }
  return out;
}

/** Applies what is permitted in one statement; the people are read again. Answers whose new mobile was kept back after all. */
async function apply(tx: Tx, judged: Judged[]): Promise<Set<number>> {
  const work = judged.map((j) => ({ j, allowed: permitted(j.changes, j.standing) })).filter((w) => Object.keys(w.allowed).length > 0);
  if (work.length === 0) return new Set();
  const result = await applyChanges(tx, work.map((w) => ({ id: w.j.named.slot.stored!.id, changes: w.allowed })));
  const fresh = new Map((await volunteersByIds(tx, [...result.keys()])).map((v) => [v.id, v]));
  for (const { j } of work) j.named.slot.stored = fresh.get(j.named.slot.stored!.id) ?? j.named.slot.stored;
  return new Set([...result].filter(([, r]) => r.mobileKept).map(([id]) => id));
}
