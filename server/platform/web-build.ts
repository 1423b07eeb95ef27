import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import lockfile from 'proper-lockfile';

/** A Vite app: its root (with vite.config.ts), where it is built, and every input its output depends on. */
export interface WebApp {
  root: string;
  outDir: string;
  /** Files and directories hashed into the stamp; a change to any of them means a rebuild. */
  inputs: readonly string[];
}

const STAMP = '.stamp';
const SKIP = new Set(['node_modules', 'dist', '.vite']);
/** What this file does to a build beyond Vite (the compressed copies): a change here rebuilds every app. */
const BUILD_FORMAT = 'vite + .gz/.br copies, 1';

/** A hash of every input file's path and bytes (directories walked in name order). */
export function stampOf(app: WebApp): string {
  const hash = createHash('sha256').update(BUILD_FORMAT).update('\0');
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!SKIP.has(name) && !join(path, name).startsWith(app.outDir)) walk(join(path, name));
      return;
    }
    hash.update(relative(app.root, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of app.inputs) walk(input);
  return hash.digest('hex');
}

/** Whether the built files are there and were built from the inputs as they are now. */
export function isBuildFresh(app: WebApp, stamp = stampOf(app)): boolean {
  const file = join(app.outDir, STAMP);
  return existsSync(join(app.outDir, 'index.html')) && existsSync(file) && readFileSync(file, 'utf8') === stamp;
}

/**
 * Builds the app unless its built files match the inputs. One build at a time per app (a lock file
 * beside the output, so two servers or two test workers starting together build once); the new
 * files are built aside and moved in whole, so a reader never sees half a build.
 */
export async function ensureWebBuild(app: WebApp, log: (line: string) => void = () => {}): Promise<'fresh' | 'built'> {
  if (isBuildFresh(app)) return 'fresh';
  mkdirSync(dirname(app.outDir), { recursive: true });
  const release = await lockfile.lock(app.outDir, { realpath: false, retries: { retries: 600, minTimeout: 100, maxTimeout: 500 } });
  try {
    const stamp = stampOf(app);
    if (isBuildFresh(app, stamp)) return 'fresh';
    log(`building ${relative(process.cwd(), app.root) || app.root} (its sources changed or it was never built)…`);
    removeLeftovers(app.outDir);
    const aside = `${app.outDir}.building-${process.pid}`;
    await buildWithVite(app.root, aside);
    compressAll(aside);
    writeFileSync(join(aside, STAMP), stamp);
    const old = `${app.outDir}.old-${process.pid}`;
    if (existsSync(app.outDir)) renameSync(app.outDir, old);
    renameSync(aside, app.outDir);
    rmSync(old, { recursive: true, force: true });
    return 'built';
  } finally {
    await release();
  }
}

/** What a build that was stopped midway left beside the output (only one build runs at a time: the lock is held). */
function removeLeftovers(outDir: string): void {
  const name = basename(outDir);
  for (const entry of readdirSync(dirname(outDir))) {
    if (entry.startsWith(`${name}.building-`) || entry.startsWith(`${name}.old-`)) rmSync(join(dirname(outDir), entry), { recursive: true, force: true });
  }
}

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/** Gzip and Brotli copies beside each text file, made once here so the server sends them without compressing per request. */
function compressAll(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

async function buildWithVite(root: string, outDir: string): Promise<void> {
  // Loaded only to build: a server whose console is fresh never imports Vite.
  const { build } = await import('vite');
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
