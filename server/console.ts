import { dirname, join } from 'node:path';
import type { WebApp } from './platform/web-build';

/**
 * The coordinator console (client/console) as a Vite app: built into its dist/ from its own
 * sources, the SDK and the generated operations it calls, the command line's sheet rules it shares
 * (client/cli/import: reading a volunteer sheet's columns and cells), and the locked dependency versions.
 */
export function consoleApp(root: string): WebApp {
  const client = dirname(root);
  return {
    root,
    outDir: join(root, 'dist'),
    inputs: [root, join(client, 'sdk'), join(client, 'generated'), join(client, 'cli', 'import'), join(dirname(client), 'package-lock.json')],
  };
}
