import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { MAX_BODY_BYTES } from './limits';
import { applyCors } from './cors';
import type { StaticSite } from './static-site';
import { serveGraphiql } from './graphiql';
import { inLanguage, translate, type Language, type MessageKey } from './i18n';

export interface HttpRoutes<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage) => Promise<TContext>;
  /** True when the database answers and every migration is applied. */
  ready: () => Promise<boolean>;
  /** The body to send for a serialized GraphQL response (the response-size cap), in the caller's language. */
  capResponse?: (body: string, language: Language) => string;
  /** The language the caller asked for (Accept-Language): every answer to the request is in it. */
  language: (req: IncomingMessage) => Language;
  /** Browser origins allowed to call /graphql (CORS). */
  corsOrigins: readonly string[];
  /** Serve the bundled GraphiQL at /graphiql. */
  graphiql: boolean;
  /** GET /downloads/…: signed links to certificates, reports and exports. */
  downloads?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  /** The built web app at `/` as it is now (its files, and index.html for its routes); null while there is none. */
  site?: () => StaticSite | null;
}

/** Plain node:http routing: /healthz, /readyz, /graphiql, /downloads, /graphql (Apollo's HTTP handler, behind CORS), then the console. */
export function createRequestHandler<TContext extends BaseContext>(routes: HttpRoutes<TContext>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const ready = await routes.ready().catch(() => false);
        return send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
      }
      if (routes.graphiql && serveGraphiql(url.pathname, res)) return;
      if (routes.downloads && url.pathname.startsWith('/downloads/')) return await routes.downloads(req, res, url);
      if (url.pathname !== '/graphql' && routes.site?.()?.(req, res)) return;
      if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found' });
      if (applyCors(routes.corsOrigins, req, res)) return;
      if (routes.graphiql && opensInBrowser(req, url)) return redirect(res, '/graphiql');
      const language = routes.language(req);
      await inLanguage(language, () => graphql(routes, req, res, url, language));
    } catch (error) {
      const refuse = (status: number, key: MessageKey, extensions: Record<string, string>) =>
        send(res, status, { errors: [{ message: translate(routes.language(req), key), extensions }] });
      if (error instanceof BodyTooLarge) res.setHeader('connection', 'close');
      if (error instanceof BodyTooLarge) return refuse(413, 'request.bodyTooLarge', { code: 'BAD_USER_INPUT', field: 'body' });
      if (error instanceof SyntaxError) return refuse(400, 'request.bodyNotJson', { code: 'BAD_USER_INPUT', field: 'body' });
      if (!res.headersSent) refuse(500, 'errors.internalNoId', { code: 'INTERNAL' });
      else res.end();
    }
  };
}

async function graphql<TContext extends BaseContext>(routes: HttpRoutes<TContext>, req: IncomingMessage, res: ServerResponse, url: URL, language: Language) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const raw = req.method === 'POST' ? await readBody(req) : '';
  const body = raw && (headers.get('content-type') ?? '').includes('json') ? JSON.parse(raw) : raw;
  const response = await routes.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => routes.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') return res.end(routes.capResponse ? routes.capResponse(response.body.string, language) : response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit: answer 413 at once and drain the rest unread, so the client sees the answer.
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A person who opens /graphql in a browser is looking for the IDE. */
function opensInBrowser(req: IncomingMessage, url: URL): boolean {
  return req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 302;
  res.setHeader('location', location);
  res.end();
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
