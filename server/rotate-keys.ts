import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from './config';
import { acquireDataDirLock, DataDirInUseError } from './platform/data-dir-lock';
import { prepareDatabase } from './platform/database-setup';
import { connectDatabase } from './platform/db';
import { createLogger } from './platform/logger';
import { OperatorError } from './platform/operator-error';
import { readSecretFile, writeSecretFile } from './platform/secret-files';
import { createKeys, formatDataKeys, newDataKey } from './platform/secrets';
import { rotateIdNumbers } from './modules/volunteers/id-number-keys';

/**
 * `npm run keys:rotate` (data key) and `npm run keys:rotate -- token`. With keys in the data dir
 * the command makes the new key itself; with keys in the environment the operator puts the new
 * key first and this moves the stored data to it (README: Moving to production).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv.includes('token')) return rotateTokenSecret(config);
  await rotateDataKey(config);
}

function rotateTokenSecret(config: Config): void {
  if (config.keySources.token === 'environment') {
    console.log(`Set GRIDROSTER_SECRET to a new secret (for example ${randomBytes(32).toString('base64url')}) and`
      + ' GRIDROSTER_SECRET_PREVIOUS to the old one, restart, and drop GRIDROSTER_SECRET_PREVIOUS after one token lifetime.');
    return;
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const [current] = config.keys.tokenSecrets;
    writeSecretFile(join(config.dataDir, 'token-secret.previous'), current + '\n');
    writeSecretFile(join(config.dataDir, 'token-secret'), randomBytes(32).toString('base64url') + '\n');
    console.log('New token secret written; tokens signed with the previous one work until they expire. Start gridroster again.');
  } finally {
    lock.release();
  }
}

async function rotateDataKey(config: Config): Promise<void> {
  const logger = createLogger('warn');
  const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir);
  try {
    const keys = config.keySources.data === 'environment' ? config.keys.dataKeys : addDataKeyToFile(config);
    const secrets = createKeys({ ...config.keys, dataKeys: keys });
    const target = await prepareDatabase(config, logger, async () => {});
    const database = connectDatabase(target.url, { max: 2 });
    try {
      console.log(`Moving stored ID numbers to data key ${secrets.idNumbers.currentId} (resumable: run again if interrupted)…`);
      const moved = await rotateIdNumbers(database.db, secrets.idNumbers, 500, ({ moved, remaining }) => console.log(`  ${moved} moved, ${remaining} left`));
      if (config.keySources.data === 'data dir') rmSync(join(config.dataDir, 'data-keys.rotating'), { force: true });
      console.log(`Done: ${moved} ID numbers now on data key ${secrets.idNumbers.currentId}. Older keys may be removed once every server runs with this one.`);
    } finally {
      await database.close();
      await target.embedded?.stop();
    }
  } finally {
    lock?.release();
  }
}

/** A data dir's keys: a new key first, unless the last rotation was interrupted (then resume it). */
function addDataKeyToFile(config: Config) {
  const file = join(config.dataDir, 'data-keys');
  const resume = readSecretFile(`${file}.rotating`);
  if (resume === config.keys.dataKeys[0].id) return config.keys.dataKeys;
  const keys = [newDataKey(config.keys.dataKeys), ...config.keys.dataKeys];
  writeSecretFile(file, formatDataKeys(keys));
  writeSecretFile(`${file}.rotating`, keys[0].id + '\n');
  return keys;
}

main().then(() => process.exit(0), (error) => {
  console.error(error instanceof OperatorError || error instanceof DataDirInUseError ? error.message : `gridroster: key rotation failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
