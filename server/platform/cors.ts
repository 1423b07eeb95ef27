import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request headers a browser app may send: JSON bodies, the bearer token, Apollo's preflight marker. */
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name';

/**
 * CORS for the origins in GRIDROSTER_CORS_ORIGINS (none by default). A listed origin's responses
 * carry Access-Control-Allow-Origin; its preflight is answered 204 with the methods and headers it
 * may use. Other origins get no CORS headers, so the browser keeps them out. Tokens travel in the
 * Authorization header, never cookies, so no credentials are allowed. Returns true when the request
 * was a preflight and has been answered.
 */
export function applyCors(origins: readonly string[], req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const listed = typeof origin === 'string' && origins.includes(origin);
  res.setHeader('vary', 'Origin');
  if (listed) res.setHeader('access-control-allow-origin', origin);
  if (req.method !== 'OPTIONS') return false;
  res.statusCode = 204;
  res.setHeader('allow', 'GET, POST, OPTIONS');
  if (listed && req.headers['access-control-request-method']) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.end();
  return true;
}
