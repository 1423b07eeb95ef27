import type { RowInput } from '../../../../cli/import/cells';
import { rowInput } from '../../../../cli/import/cells';
import type { ColumnMap, Field } from '../../../../cli/import/columns';
import type { Sheet } from '../../../../cli/import/read-sheet';
import type { ConsoleRegisterVolunteersMutation, VolunteerInput } from '../../api/sdk';

export type Result = ConsoleRegisterVolunteersMutation['registerVolunteers']['results'][number];

/** One sheet row's fate: refused here (a sheet error), or the server's answer. */
export interface RowOutcome {
  sheetRow: number;
  name: string;
  mobile: string;
  local?: Extract<RowInput, { ok: false }>;
  result?: Result;
  /** For SAME_AS_ROW: the sheet row of the earlier one. */
  sameAsSheetRow?: number;
}

export interface Prepared {
  outgoing: { sheetRow: number; volunteer: VolunteerInput }[];
  refused: RowOutcome[];
}

/** Each row as the API's input (the command line's rules, client/cli/import/cells.ts); the others refused here. */
export function prepareRows(sheet: Sheet, columns: ColumnMap): Prepared {
  const prepared: Prepared = { outgoing: [], refused: [] };
  const cell = (cells: unknown[], field: Field) => (columns.index[field] == null ? '' : String(cells[columns.index[field]!] ?? ''));
  for (const row of sheet.rows) {
    const input = rowInput(row.cells, columns);
    if (input.ok) prepared.outgoing.push({ sheetRow: row.number, volunteer: input.volunteer });
    else prepared.refused.push({ sheetRow: row.number, name: cell(row.cells, 'name'), mobile: cell(row.cells, 'mobile'), local: input });
  }
  return prepared;
}

/** What the server answered that is not a plain success: these go in the report. */
export const NOT_IMPORTED = new Set(['REJECTED', 'AWAITING_CONFIRMATION', 'NOT_SAVED', 'SAME_AS_ROW']);
export const isReported = (o: RowOutcome) => Boolean(o.local) || (o.result ? NOT_IMPORTED.has(o.result.outcome) : false);

/** The column the server or the sheet check blamed, as the sheet names it. */
export function columnName(sheet: Sheet, columns: ColumnMap, field: string | null | undefined): string {
  if (!field) return '';
  const index = columns.index[(field === 'homeGridId' ? 'grid' : field) as Field];
  return index != null ? sheet.header[index] : field;
}
