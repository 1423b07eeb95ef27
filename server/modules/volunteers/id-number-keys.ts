import type postgres from 'postgres';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { UnknownDataKeyError, type IdNumberKeys } from '../../platform/secrets';

/**
 * Before anything is written: can these data keys read the ID numbers already stored? One row per
 * key id in use is decrypted. Returns the line to refuse the start with, or null when all is well.
 * `source` names where the keys came from (the variable or the file) for that line.
 */
export async function dataKeyProblem(client: postgres.Sql, keys: IdNumberKeys, source: string): Promise<string | null> {
  const [table] = await client`select to_regclass('public.volunteers') is not null as present`;
  if (!table.present) return null;
  // A hash without a key id predates key ids: it and its ciphertext were written with key k1.
  const rows = await client<{ key: string | null; cipher: Buffer }[]>`
    select distinct on (key) key, cipher from (
      select case when position(':' in id_number_hash) > 0 then split_part(id_number_hash, ':', 1) end as key, id_number_cipher as cipher
      from volunteers where id_number_hash is not null and id_number_cipher is not null) stored`;
  for (const row of rows) {
    const keyId = row.key ?? 'k1';
    const blob = row.key ? row.cipher : Buffer.concat([Buffer.from([1, 2]), Buffer.from('k1'), row.cipher]);
    try {
      keys.decrypt(blob);
    } catch (error) {
      if (error instanceof UnknownDataKeyError) {
        return `gridroster: stored ID numbers were written with data key ${keyId}, which ${source} does not hold; add it back (README: Moving to production). Nothing was written.`;
      }
      return `gridroster: data key ${keyId} in ${source} does not decrypt the stored ID numbers (a different secret under the same id); restore the right one. Nothing was written.`;
    }
  }
  return null;
}

export interface RotationProgress {
  moved: number;
  remaining: number;
}

/**
 * Moves every stored ID number to the current data key: decrypts with the key it names,
 * re-encrypts and re-hashes with the current one, `batchSize` rows per transaction. A batch
 * commits whole or not at all, and a row is readable under either key, so an interrupted
 * rotation loses nothing: run it again and it carries on with the rows still on older keys.
 */
export async function rotateIdNumbers(db: Db, keys: IdNumberKeys, batchSize: number, onBatch: (p: RotationProgress) => void = () => {}): Promise<number> {
  const stale = sql`id_number_hash is not null and split_part(id_number_hash, ':', 1) <> ${keys.currentId}`;
  let moved = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const rows = await tx.execute<{ id: number; cipher: Buffer }>(sql`
        select id, id_number_cipher as cipher from volunteers where ${stale} order by id limit ${batchSize} for update skip locked`);
      if (rows.length === 0) return 0;
      const plain = [...rows].map((r) => keys.decrypt(r.cipher));
      await tx.execute(sql`
        update volunteers v set id_number_cipher = decode(u.cipher, 'hex'), id_number_hash = u.hash
        from unnest(${sql.param([...rows].map((r) => r.id))}::int[], ${sql.param(plain.map((p) => keys.encrypt(p).toString('hex')))}::text[],
                    ${sql.param(plain.map((p) => keys.hash(p)))}::text[]) as u(id, cipher, hash)
        where v.id = u.id`);
      return rows.length;
    });
    const [left] = await db.execute<{ n: number }>(sql`select count(*)::int as n from volunteers where ${stale}`);
    moved += count;
    onBatch({ moved, remaining: left.n });
    if (left.n === 0) return moved;
    // Rows locked by a registration in flight: wait for it rather than spin.
    if (count === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
