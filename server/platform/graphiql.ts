import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

const require = createRequire(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(`./graphiql/${file}`, import.meta.url));
/** A file of a package that its "exports" do not list (the browser bundles), found beside its package.json. */
const packageFile = (name: string, file: string) => join(dirname(require.resolve(`${name}/package.json`)), file);

/** The files of /graphiql: GraphiQL's own bundle and React, from node_modules, and our page around them. */
const FILES: Record<string, { path: string; type: string }> = {
  '/graphiql': { path: here('index.html'), type: 'text/html; charset=utf-8' },
  '/graphiql/assets/boot.js': { path: here('boot.js'), type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/page.css': { path: here('page.css'), type: 'text/css; charset=utf-8' },
  '/graphiql/assets/graphiql.min.js': { path: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/graphiql.min.css': { path: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  '/graphiql/assets/react.production.min.js': { path: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/react-dom.production.min.js': { path: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
};

// Nothing but this server: fonts and images inline (data:), styles GraphiQL sets at run time.
const POLICY = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";

const cache = new Map<string, Buffer>();

/** Serves a GraphiQL file; false when `pathname` is none of them. */
export function serveGraphiql(pathname: string, res: ServerResponse): boolean {
  const file = FILES[pathname.replace(/\/$/, '')];
  if (!file) return false;
  let body = cache.get(file.path);
  if (!body) cache.set(file.path, (body = readFileSync(file.path)));
  res.statusCode = 200;
  res.setHeader('content-type', file.type);
  res.setHeader('content-security-policy', POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-cache');
  res.end(body);
  return true;
}
