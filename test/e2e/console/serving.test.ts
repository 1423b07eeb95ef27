import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/harness';
import { buildConsole, CONSOLE, RIG_TIMEOUT_MS } from '../../support/console';
import { firstLoadFiles, gzippedBytes, readManifest, SIGN_IN_SCREEN } from '../../../bench/console-bundle';
import { ensureWebBuild, isBuildFresh, stampOf, type WebApp } from '../../../server/platform/web-build';
import { createStaticSite } from '../../../server/platform/static-site';

let server: TestServer;
let origin: string;

beforeAll(async () => {
  await buildConsole();
  server = await startTestServer();
  origin = server.url.replace(/\/graphql$/, '');
}, RIG_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
});

/** A request with the path exactly as written (fetch would normalize `..` away). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const entryFile = () => {
  const manifest = readManifest(CONSOLE.outDir);
  return Object.values(manifest).find((chunk) => chunk.isEntry)!.file;
};

describe('the console at /', () => {
  it('answers / with the app page, revalidated every time, under a policy that allows only this server', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<div id="root">');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves hashed assets as JavaScript cached for a year, compressed when the browser accepts it', async () => {
    const plain = await raw(`/${entryFile()}`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(readFileSync(join(CONSOLE.outDir, entryFile()), 'utf8'));
    expect((await raw(`/${entryFile()}`, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await raw(`/${entryFile()}`, { 'accept-encoding': 'gzip, br' })).headers['content-encoding']).toBe('br');
  });

  it('answers an app route with the app page, and a missing asset with 404', async () => {
    for (const route of ['/grids', '/grids/R3JpZDox/day', '/sign-in?next=%2Fgrids']) {
      const page = await raw(route);
      expect(page.status, route).toBe(200);
      expect(page.body, route).toContain('<div id="root">');
    }
    expect((await raw('/assets/missing-0000.js')).status).toBe(404);
    expect((await raw('/favicon.ico')).status).toBe(404);
  });

  it('refuses every path that climbs out of the built files', async () => {
    const secret = readFileSync('package.json', 'utf8');
    for (const path of ['/../package.json', '/assets/../../package.json', '/%2e%2e/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json', '/.stamp', '/.vite/manifest.json', '/%00/etc/passwd']) {
      const answer = await raw(path);
      expect(answer.body, path).not.toContain('"name": "gridroster"');
      expect(answer.body, path).not.toBe(secret);
      expect(answer.body, path).not.toMatch(/"isEntry"|^[0-9a-f]{64}$/);
    }
  });

  it('leaves /graphql, /healthz and /graphiql as they were', async () => {
    const answer = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
    expect(await (await fetch(`${origin}/healthz`)).json()).toEqual({ status: 'ok' });
    const ide = await raw('/graphql', { accept: 'text/html' });
    expect([ide.status, ide.headers.location]).toEqual([302, '/graphiql']);
    expect((await raw('/graphiql')).body).toContain('graphiql');
    const post = await fetch(`${origin}/grids`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('loads the sign-in page in under 500 KB gzipped (the entry chunk set and the sign-in screen)', () => {
    const files = firstLoadFiles(readManifest(CONSOLE.outDir), SIGN_IN_SCREEN);
    expect(files).toContain(entryFile());
    const total = files.reduce((sum, file) => sum + gzippedBytes(CONSOLE.outDir, file), 0);
    expect(total).toBeLessThan(500 * 1024);
  });
});

describe('building the console', () => {
  let dir: string;
  let app: WebApp;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridroster-web-'));
    mkdirSync(join(dir, 'app'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'app', 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>');
    writeFileSync(join(dir, 'app', 'main.js'), "import { word } from '../shared/word.js'; document.body.append(word);");
    writeFileSync(join(dir, 'shared', 'word.js'), "export const word = 'first';");
    writeFileSync(join(dir, 'app', 'vite.config.ts'), 'export default { build: { manifest: true } };');
    app = { root: join(dir, 'app'), outDir: join(dir, 'app', 'dist'), inputs: [join(dir, 'app'), join(dir, 'shared')] };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const builtText = () => {
    const manifest = readManifest(app.outDir);
    return readFileSync(join(app.outDir, Object.values(manifest).find((c) => c.isEntry)!.file), 'utf8');
  };

  it('builds when there is no build, keeps a fresh one, and rebuilds when a source or a shared input changed', async () => {
    expect(await ensureWebBuild(app)).toBe('built');
    expect(builtText()).toContain('first');
    expect(await ensureWebBuild(app)).toBe('fresh');
    const before = stampOf(app);
    writeFileSync(join(dir, 'shared', 'word.js'), "export const word = 'second';");
    expect(stampOf(app)).not.toBe(before);
    expect(isBuildFresh(app)).toBe(false);
    expect(await ensureWebBuild(app)).toBe('built');
    expect(builtText()).toContain('second');
    expect(createStaticSite(app.outDir)).not.toBeNull();
  });

  it('hashes the SDK, the generated operations, the sheet rules shared with the command line and the lock file into the console stamp', () => {
    expect(CONSOLE.inputs.map((input) => input.slice(process.cwd().length + 1))).toEqual(['client/console', 'client/sdk', 'client/generated', 'client/cli/import', 'package-lock.json']);
  });
});
