import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../server/config';
import { consoleApp } from '../server/console';
import { ensureWebBuild } from '../server/platform/web-build';
import type { BenchResult } from './support';

interface ManifestChunk { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }
type Manifest = Record<string, ManifestChunk>;

export const SIGN_IN_SCREEN = 'src/screens/sign-in/index.tsx';

export function readManifest(outDir: string): Manifest {
  return JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The files a browser fetches to show a screen first: index.html, the entry chunk, the screen's chunk, and what they import statically. */
export function firstLoadFiles(manifest: Manifest, screen: string): string[] {
  const files = new Set<string>(['index.html']);
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('the console manifest has no entry chunk');
  visit(entry);
  visit(screen);
  return [...files];
}

/** Bytes over the wire: the .gz copy the server sends (web-build.ts writes one), else the file gzipped now. */
export function gzippedBytes(outDir: string, file: string): number {
  const gz = join(outDir, `${file}.gz`);
  return existsSync(gz) ? readFileSync(gz).length : gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** npm run bench -- console-bundle: the console's first load (the sign-in page) and each screen's own chunk, gzipped. */
export async function consoleBundleBench(): Promise<BenchResult> {
  const app = consoleApp(loadConfig().console.root);
  await ensureWebBuild(app);
  const manifest = readManifest(app.outDir);
  const first = firstLoadFiles(manifest, SIGN_IN_SCREEN);
  const sizes = first.map((file) => [file, gzippedBytes(app.outDir, file)] as const);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  const screens = Object.entries(manifest).filter(([key]) => key.startsWith('src/screens/'));
  return {
    name: 'Console bundle: what the sign-in page loads, gzipped (budget 500 KB)',
    rows: [
      ['first load (sign-in page)', kb(total), sizes.map(([file, bytes]) => `${file.replace(/^assets\//, '')} ${kb(bytes)}`).join(', ')],
      ...screens.map(([key, chunk]): [string, string, string] => [`screen chunk ${key.split('/')[2]}`, kb(gzippedBytes(app.outDir, chunk.file)), 'fetched when the screen first opens, plus shared chunks']),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await consoleBundleBench();
  for (const row of result.rows) console.log(row.join(' — '));
}
