import { loadConfig } from '../server/config';
import { consoleApp } from '../server/console';
import { ensureWebBuild } from '../server/platform/web-build';

/** npm run console:build — builds client/console into its dist/ unless it is up to date. */
const outcome = await ensureWebBuild(consoleApp(loadConfig().console.root), (line) => console.log(line));
console.log(outcome === 'fresh' ? 'The console is up to date.' : 'The console is built.');
