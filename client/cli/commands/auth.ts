import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { LoginDocument, LogoutDocument, MeDocument } from '../../sdk';
import type { CliApp, CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { shanghai } from '../i18n';

interface LoginOptions {
  mobile?: string;
  passwordStdin?: boolean;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal; the password without echo. */
async function ask(ctx: CliContext, question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.stderr, terminal: true });
  if (hidden) {
    const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    output._writeToOutput = (s: string) => { if (s.startsWith(question)) output.output.write(question); };
  }
  try {
    return (await rl.question(question)).trim();
  } finally {
    if (hidden) ctx.stderr.write('\n');
    rl.close();
  }
}

async function login(ctx: CliContext, options: LoginOptions): Promise<void> {
  const { t } = ctx;
  const interactive = Boolean(ctx.io.stdin.isTTY);
  const mobile = options.mobile ?? (interactive ? await ask(ctx, t('login.mobile')) : '');
  if (!mobile) throw new CliError(t('login.needMobile'), EXIT.USAGE);
  const password = options.passwordStdin ? await readStdin(ctx.io.stdin) : ctx.settings.password ?? (interactive ? await ask(ctx, t('login.password'), true) : '');
  if (!password) throw new CliError(t('login.needPassword'), EXIT.USAGE);
  const client = ctx.anonymousClient();
  const { login: session } = await client.request(LoginDocument, { mobile, password });
  await ctx.store.write({ server: client.url, token: session.token, expiresAt: session.expiresAt, mobile: session.account.mobile, displayName: session.account.displayName });
  if (ctx.json) return ctx.printJson({ server: client.url, displayName: session.account.displayName, expiresAt: session.expiresAt, credentials: ctx.store.path });
  ctx.print(t('login.done', { name: session.account.displayName, server: client.url, expires: shanghai(session.expiresAt) }));
  ctx.print(t('login.stored', { path: ctx.store.path }));
}

async function whoami(ctx: CliContext): Promise<void> {
  const stored = await ctx.store.read();
  const { me } = await (await ctx.client()).request(MeDocument);
  const roles = me.roles.map((r) => ({ role: r.role, organization: r.organization?.name ?? null }));
  if (ctx.json) return ctx.printJson({ server: stored?.server, id: me.id, displayName: me.displayName, mobile: me.mobile, roles, expiresAt: stored?.expiresAt });
  ctx.print(`${me.displayName}（${me.mobile}）`);
  for (const role of roles) ctx.print(`  ${ctx.t(`role.${role.role}` as never)}${role.organization ? ` · ${role.organization}` : ''}`);
  ctx.print(ctx.t('whoami.server', { server: stored!.server, expires: shanghai(stored!.expiresAt) }));
}

async function logout(ctx: CliContext, options: { everywhere?: boolean }): Promise<void> {
  if (options.everywhere) await (await ctx.client()).request(LogoutDocument);
  const had = await ctx.store.remove();
  if (ctx.json) return ctx.printJson({ signedOut: had, everywhere: Boolean(options.everywhere) });
  ctx.print(ctx.t(had ? (options.everywhere ? 'logout.everywhere' : 'logout.done') : 'logout.none'));
}

export function registerAuth(program: Command, app: CliApp): void {
  const { t } = app;
  program.command('login').description(t('help.login'))
    .option('--mobile <mobile>', t('help.mobile'))
    .option('--password-stdin', t('help.passwordStdin'))
    .action(app.run((ctx, options: LoginOptions) => login(ctx, options)));
  program.command('whoami').description(t('help.whoami')).action(app.run((ctx) => whoami(ctx)));
  program.command('logout').description(t('help.logout'))
    .option('--everywhere', t('help.everywhere'))
    .action(app.run((ctx, options: { everywhere?: boolean }) => logout(ctx, options)));
}
