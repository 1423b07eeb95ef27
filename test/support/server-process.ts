import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_DATA_KEYS, TEST_SECRET } from './harness';

export interface ServerProcess {
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url));

/**
 * A second gridroster server as `npm start` runs it — its own process, pools, reader and
 * fan-out — on an existing database, so tests can prove PostgreSQL is the only shared part.
 */
export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, GRIDROSTER_SECRET: TEST_SECRET, GRIDROSTER_DATA_KEYS: TEST_DATA_KEYS, PORT: '0', NODE_ENV: 'test', GRIDROSTER_LOG_LEVEL: 'info', GRIDROSTER_CONSOLE_BUILD: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await listeningPort(child);
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode != null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:/\s]+:(\d+)\/graphql/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`server process exited ${code} before listening:\n${output.slice(-2000)}`)));
    // Say what the process printed rather than letting the hook time out silently.
    setTimeout(() => reject(new Error(`server process said no "listening" line within 90 s:\n${output.slice(-2000)}`)), 90_000).unref();
  });
}
