import { access } from 'node:fs/promises';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import type { ColumnMap, Columns } from './columns';
import { readSheet, type Sheet } from './read-sheet';

/**
 * A sheet read and its columns mapped, the required ones present and the headers not understood
 * said up front; `label` names a field in the user's language.
 */
export async function openSheet<F extends string>(
  ctx: CliContext, file: string, map: string | undefined, columns: Columns<F>, required: readonly F[], label: (field: F) => string,
): Promise<{ sheet: Sheet; columns: ColumnMap<F> }> {
  await access(file).catch(() => { throw new CliError(ctx.t('import.noFile', { file }), EXIT.USAGE); });
  let explicit;
  try {
    explicit = columns.parseMap(map);
  } catch (error) {
    throw new CliError(ctx.t('import.badMap', { pair: (error as Error).message, fields: columns.fields.join(', ') }), EXIT.USAGE);
  }
  const sheet = await readSheet(file).catch((error: Error) => { throw new CliError(ctx.t('import.unreadable', { file, reason: error.message }), EXIT.USAGE); });
  const mapped = columns.mapColumns(sheet.header, explicit);
  const missing = required.filter((f) => mapped.index[f] == null);
  if (missing.length) throw new CliError(ctx.t('import.missingColumns', { columns: missing.map(label).join('、'), headers: sheet.header.join(', ') }), EXIT.USAGE);
  if (mapped.unknown.length && !ctx.json) ctx.note(ctx.t('import.unknownColumns', { columns: mapped.unknown.join('、') }));
  return { sheet, columns: mapped };
}
