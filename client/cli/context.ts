import { GridrosterClient } from '../sdk';
import { CredentialStore, type Credentials } from './credentials';
import { CliError, EXIT } from './exit-codes';
import type { CliIo } from './io';
import { translator, type Translate } from './i18n';
import { languageOf, type CliSettings, type Language } from './settings';

/** Building the commands: their help in the user's language, and a way to run an action with a context. */
export interface CliApp {
  t: Translate;
  /** Wraps an action: builds the context from the global options, runs it, exits with its code. */
  run<A extends unknown[]>(action: (ctx: CliContext, ...args: A) => Promise<number | void>): (...args: unknown[]) => Promise<void>;
}

/** The options every command takes. */
export interface GlobalOptions {
  server?: string;
  lang?: string;
  json?: boolean;
}

/** What a command works with: words in the user's language, where to print, and the signed-in client. */
export class CliContext {
  readonly language: Language;
  readonly t: Translate;
  readonly json: boolean;
  readonly store: CredentialStore;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;

  constructor(readonly settings: CliSettings, readonly options: GlobalOptions, readonly io: CliIo) {
    this.stdout = io.stdout;
    this.stderr = io.stderr;
    this.language = languageOf(options.lang) ?? settings.localeLanguage;
    this.t = translator(this.language);
    this.json = Boolean(options.json);
    this.store = new CredentialStore(settings.configDir);
  }

  /** Accept-Language for the server's messages. */
  get acceptLanguage(): string {
    return this.language === 'zh' ? 'zh-CN' : 'en';
  }

  print(line = ''): void {
    this.stdout.write(`${line}\n`);
  }

  /** Progress and status lines: stderr, so stdout stays the command's result. */
  note(line: string): void {
    this.stderr.write(`${line}\n`);
  }

  printJson(value: unknown): void {
    this.print(JSON.stringify(value, null, 2));
  }

  /** The server's GraphQL URL: --server, the stored one, or GRIDROSTER_URL. */
  serverUrl(stored?: Credentials | null): string {
    const url = this.options.server ?? stored?.server ?? this.settings.serverUrl;
    if (!url) throw new CliError(this.t('error.noServer'), EXIT.USAGE);
    return graphqlUrl(url);
  }

  anonymousClient(): GridrosterClient {
    return new GridrosterClient({ url: this.serverUrl(), language: this.acceptLanguage });
  }

  /** The client signed in with the stored token; UNAUTHENTICATED (exit 3) when there is none. */
  async client(): Promise<GridrosterClient> {
    const stored = await this.store.read();
    if (!stored) throw new CliError(this.t('error.notSignedIn'), EXIT.UNAUTHENTICATED);
    const url = this.serverUrl(stored);
    // The token goes only to the server that issued it, whatever --server says.
    if (url !== graphqlUrl(stored.server)) throw new CliError(this.t('error.otherServer', { server: stored.server, given: url }), EXIT.UNAUTHENTICATED);
    return new GridrosterClient({ url, token: stored.token, language: this.acceptLanguage });
  }
}

/** http://host:4000 and http://host:4000/graphql both name the API. */
export function graphqlUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/graphql')) parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}/graphql`;
  return parsed.toString();
}
