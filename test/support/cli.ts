import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { run } from '../../client/cli/main';
import type { TestServer } from './harness';

/** What one run of the command line printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Extra environment (LANG, GRIDROSTER_PASSWORD, …) over the session's. */
  env?: Record<string, string>;
  /** Called with everything written so far each time the command writes, with a way to press Ctrl-C. */
  watch?: (output: { stdout: string; stderr: string }, interrupt: () => void) => void;
}

/** A user of the command line: their own config directory (so their own token file) and server. */
export class CliUser {
  private constructor(readonly configDir: string, private readonly server: TestServer) {}

  static async create(server: TestServer): Promise<CliUser> {
    return new CliUser(await mkdtemp(join(tmpdir(), 'gridroster-cli-')), server);
  }

  /** Runs `gridroster …args` in this process, as the binary would, with its own streams. */
  async run(args: string[], options: CliOptions = {}): Promise<CliRun> {
    const controller = new AbortController();
    const out = { stdout: '', stderr: '' };
    const sink = (key: 'stdout' | 'stderr') => new Writable({
      write(chunk, _encoding, done) {
        out[key] += String(chunk);
        options.watch?.(out, () => controller.abort());
        done();
      },
    });
    const stdin = new PassThrough();
    stdin.end();
    const env = { GRIDROSTER_CONFIG_DIR: this.configDir, GRIDROSTER_URL: this.server.url, LANG: 'C.UTF-8', ...options.env };
    const code = await run(args, { stdout: sink('stdout'), stderr: sink('stderr'), stdin, env, interrupt: controller.signal });
    return { code, ...out };
  }

  /** Signs in through `gridroster login` (the password from GRIDROSTER_PASSWORD, as scripts do). */
  async login(mobile: string, password: string): Promise<CliRun> {
    const result = await this.run(['login', '--mobile', mobile], { env: { GRIDROSTER_PASSWORD: password } });
    if (result.code !== 0) throw new Error(`login failed (${result.code}): ${result.stderr}`);
    return result;
  }
}
