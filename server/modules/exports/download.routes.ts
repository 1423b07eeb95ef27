import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requestLanguage, type AppDeps } from '../../context';
import { LocalizedError, messageIn } from '../../platform/errors';
import { translate, type Message } from '../../platform/i18n';
import { verifyLink } from '../../platform/signed-links';
import { loadViewer } from '../auth/viewer.loader';
import type { DownloadHandler } from './download';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * GET /downloads/<signed token>/<file name>: checks the link, loads its account's roles as they
 * are now, and streams what the link's kind serves. Scope is judged again by the handler, so a link
 * never outlives the right to what it points at.
 */
export function createDownloadRoute(deps: AppDeps, handlers: Record<string, DownloadHandler>) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // Said in the language of whoever opens the link (their browser's Accept-Language).
    const language = requestLanguage(req);
    const say = (message: Message) => translate(language, message);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, say('downloads.getOnly'), 'BAD_USER_INPUT');
    const token = url.pathname.split('/')[2] ?? '';
    const claims = await verifyLink(deps.keys.token.downloadLinks, token);
    const viewer = claims && (await loadViewer(deps.database.db, claims.accountId));
    const handler = claims && handlers[claims.kind];
    if (!claims || !viewer || !handler) return sendError(res, 401, say('downloads.linkInvalid'), 'UNAUTHENTICATED');
    try {
      const download = await handler({ viewer, deps, params: claims.params });
      res.statusCode = 200;
      res.setHeader('content-type', download.contentType);
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(download.filename)}`);
      res.setHeader('cache-control', 'private, no-store');
      if (download.contentType.startsWith('text/html')) res.setHeader('content-disposition', 'inline');
      const body = typeof download.body === 'string' || Buffer.isBuffer(download.body) ? Readable.from([download.body]) : download.body;
      await pipeline(body, res);
    } catch (error) {
      const code = error instanceof LocalizedError ? String(error.extensions?.code ?? '') : '';
      if (STATUS[code] && !res.headersSent) return sendError(res, STATUS[code], messageIn(error as LocalizedError, language), code);
      const errorId = randomUUID();
      deps.logger.error({ errorId, err: error }, 'download failed');
      if (!res.headersSent) return sendError(res, 500, say({ key: 'errors.internal', params: { errorId } }), 'INTERNAL');
      res.destroy();
    }
  };
}
