import type { VolunteerInput } from '../../sdk';
import type { Cell } from './read-sheet';
import type { ColumnMap, Field } from './columns';

/** Why the command line itself refused a row (the server's reasons are RegistrationResult.errorReason). */
export type LocalProblem = 'NAME_MISSING' | 'MOBILE_MISSING' | 'ID_NUMBER_AS_NUMBER' | 'PARTY_MEMBER_UNKNOWN' | 'GRID_UNKNOWN' | 'GRID_AMBIGUOUS' | 'TEAM_UNKNOWN';

export type RowInput =
  | { ok: true; volunteer: VolunteerInput; team: string | null; grid: string | null }
  | { ok: false; field: Field; problem: LocalProblem; value: string };

const YES = new Set(['是', '√', '✓', '✔', 'y', 'yes', 'true', '1', '党员', '中共党员', '预备党员', '中共预备党员']);
const NO = new Set(['否', '×', '✗', 'n', 'no', 'false', '0', '群众', '非党员', '团员', '共青团员', '无', '-', '—']);

/** Text of a cell: numbers as Excel shows them in full (13812345678, not 1.38e10), dates as days. */
export function text(cell: Cell): string {
  if (cell == null) return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** 是/否, Y/N, 1/0, √/×, 党员/群众 …; empty is "not said" (null); anything else undefined. */
export function partyMember(cell: Cell): boolean | null | undefined {
  if (typeof cell === 'boolean') return cell;
  const value = text(cell).normalize('NFKC').toLowerCase();
  if (value === '') return null;
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return undefined;
}

/**
 * An ID number Excel turned into a number has lost its last digits (a double keeps 15–16), and one
 * shown as 3.50521E+17 in a CSV too: nothing can bring them back, so the row is refused with a
 * reason the registrar can act on (format the column as text and type them again).
 */
export function idNumberLost(cell: Cell): boolean {
  if (typeof cell === 'number') return cell > Number.MAX_SAFE_INTEGER || !Number.isInteger(cell);
  return typeof cell === 'string' && /^\d(\.\d+)?e\+?\d+$/i.test(cell.trim());
}

function skills(cell: Cell): string[] {
  return text(cell).split(/[,，、;；/|\s]+/).map((s) => s.trim()).filter(Boolean);
}

/** One sheet row as the API's VolunteerInput, or the field and reason it cannot be. */
export function rowInput(cells: Cell[], columns: ColumnMap): RowInput {
  const at = (field: Field): Cell => (columns.index[field] == null ? null : cells[columns.index[field]!] ?? null);
  const fail = (field: Field, problem: LocalProblem): RowInput => ({ ok: false, field, problem, value: text(at(field)) });
  const name = text(at('name'));
  if (!name) return fail('name', 'NAME_MISSING');
  const mobile = text(at('mobile'));
  if (!mobile) return fail('mobile', 'MOBILE_MISSING');
  if (idNumberLost(at('idNumber'))) return fail('idNumber', 'ID_NUMBER_AS_NUMBER');
  const party = partyMember(at('partyMember'));
  if (party === undefined) return fail('partyMember', 'PARTY_MEMBER_UNKNOWN');
  const idNumber = text(at('idNumber'));
  const volunteer: VolunteerInput = { name, mobile, ...(idNumber ? { idNumber } : {}), ...(party ? { partyMember: true } : {}), skills: skills(at('skills')) };
  return { ok: true, volunteer, team: text(at('team')) || null, grid: text(at('grid')) || null };
}
