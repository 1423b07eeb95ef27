import { dirname, join } from 'node:path';
import type { WebApp } from './platform/web-build';

/**
 * The coordinator console (client/console) as a Vite app: built into its dist/ from its own
 * sources, the SDK and the generated operations it calls, and the locked dependency versions.
 */
export function consoleApp(root: string): WebApp {
  const client = dirname(root);
  return {
    root,
    outDir: join(root, 'dist'),
    inputs: [root, join(client, 'sdk'), join(client, 'generated'), join(dirname(client), 'package-lock.json')],
  };
}
