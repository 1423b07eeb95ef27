import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a file only its owner can read. The umask is 077 while the file is created (so no
 * moment exists where it is readable by others, whatever the process umask), it is written under
 * a temporary name and renamed into place, so a crash leaves the old file or the new, never half.
 */
export function writeSecretFile(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const umask = process.umask(0o077);
  try {
    writeFileSync(temporary, content, { mode: 0o600, flag: 'w' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    process.umask(umask);
  }
}

/** The trimmed content of a secret file, or undefined when there is none. */
export function readSecretFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

/**
 * A secret kept in a file: read when present, otherwise made by `create` and stored. Two first
 * starts racing both write a candidate, but only one is linked into place and both read that one.
 */
export function storedSecret(path: string, create: () => string): string {
  const existing = readSecretFile(path);
  if (existing) return existing;
  const candidate = `${path}.${process.pid}.new`;
  writeSecretFile(candidate, create() + '\n');
  try {
    linkSync(candidate, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(candidate, { force: true });
  }
  return readSecretFile(path)!;
}
