import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What `gridroster login` keeps: the server and a bearer token, readable by the user alone. */
export interface Credentials {
  server: string;
  token: string;
  expiresAt: string;
  mobile: string;
  displayName: string;
}

export class CredentialStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'credentials.json');
  }

  async read(): Promise<Credentials | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Credentials;
    } catch {
      return null;
    }
  }

  /** Written with mode 0600 (the directory 0700): the token is as good as the password until it expires. */
  async write(credentials: Credentials): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    // A file that existed before keeps its mode on write; make sure.
    await chmod(this.path, 0o600);
  }

  async remove(): Promise<boolean> {
    const had = (await this.read()) != null;
    await rm(this.path, { force: true });
    return had;
  }
}
