import type { DbOrTx } from '../../platform/db';
import type { Keys } from '../../platform/secrets';
import { volunteersByMobileOrHash } from './volunteer.queries';
import type { VolunteerRow } from './volunteer.type';

/**
 * Stored people sharing a mobile or an ID number, found under every configured data key (a key
 * rotation moves rows in batches), each row's hash given as the current key writes it, so the
 * identity rules compare a row and a stored person alike whichever key the person is stored under.
 */
export async function peopleByMobileOrIdNumber(tx: DbOrTx, keys: Keys, mobiles: string[], idNumbers: string[]): Promise<VolunteerRow[]> {
  const { hashes, canonical } = keys.idNumbers.lookup(idNumbers);
  const rows = await volunteersByMobileOrHash(tx, mobiles, hashes);
  return rows.map((row) => (row.idNumberHash ? { ...row, idNumberHash: canonical(row.idNumberHash) } : row));
}
