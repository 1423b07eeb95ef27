import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';

/** Serves a built single-page app; false when the request is not one of its files or routes. */
export type StaticSite = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Hashed file names (Vite's assets/) never change content: a year, immutable. Everything else is revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * A built app in `dir` (index.html + assets/), or null when there is none yet. sirv lists the files
 * once, so only files that exist in `dir` at start are served: no path outside it can be asked for.
 * A path without a file extension that is no file is an app route and gets index.html; a missing
 * asset (with an extension) falls through to the caller's 404.
 */
export function createStaticSite(dir: string): StaticSite | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const handler = sirv(dir, {
    single: true,
    etag: true,
    // web-build.ts wrote .gz and .br copies of the text files; a browser gets the smallest it accepts.
    gzip: true,
    brotli: true,
    dev: false,
    setHeaders: (res, pathname) => res.setHeader('cache-control', pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache'),
  });
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let served = true;
    res.setHeader('content-security-policy', policyFor(req.headers.host));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    handler(req, res, () => { served = false; });
    if (!served) for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) res.removeHeader(name);
    return served;
  };
}

/**
 * Only this server: scripts and fonts from it, styles it sets at run time (the component library's
 * CSS-in-JS), images inline (QR codes), and the API over HTTP and WebSocket on the same host.
 */
function policyFor(host: string | undefined): string {
  // 'self' covers ws: to the same host in current browsers; naming it keeps older ones working.
  const socket = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    "font-src 'self' data:", `connect-src 'self'${socket}`, "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}
