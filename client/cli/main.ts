import { Command, CommanderError } from 'commander';
import { GridrosterError, TransportError } from '../sdk';
import { CliContext, type CliApp, type GlobalOptions } from './context';
import { CliError, EXIT, exitCodeOf } from './exit-codes';
import { translator } from './i18n';
import { processIo, type CliIo } from './io';
import { languageOf, readSettings } from './settings';
import { registerAuth } from './commands/auth';
import { registerImport } from './commands/import';
import { registerShifts } from './commands/shifts';
import { registerHours } from './commands/hours';
import { registerWatch } from './commands/watch';

/** --lang from the command line, before commander has parsed it: help is written in that language. */
function languageFromArgv(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

/** One line for any failure, in the user's language, and the documented exit code; never a stack. */
function explain(ctx: CliContext, error: unknown): number {
  const { t } = ctx;
  if (error instanceof CliError) {
    ctx.note(t('error.prefix', { message: error.message }));
    return error.exitCode;
  }
  if (error instanceof GridrosterError) {
    const detail = [error.code, error.reason, error.field ? t('error.field', { field: error.field }) : null].filter(Boolean).join(', ');
    ctx.note(t('error.server', { message: error.message, detail }));
    if (error.code === 'UNAUTHENTICATED') ctx.note(t('error.loginAgain'));
    return exitCodeOf(error.code);
  }
  if (error instanceof TransportError) {
    ctx.note(t('error.unreachable', { message: error.message }));
    return EXIT.UNREACHABLE;
  }
  ctx.note(t('error.unexpected', { message: (error as Error)?.message ?? String(error) }));
  if (ctx.settings.debug) ctx.note(String((error as Error)?.stack));
  return EXIT.FAILURE;
}

export function buildProgram(argv: string[], io: CliIo, onExit: (code: number) => void): Command {
  const settings = readSettings(io.env);
  const t = translator(languageOf(languageFromArgv(argv)) ?? settings.localeLanguage);
  const program = new Command('gridroster')
    .description(t('help.program'))
    .option('--server <url>', t('help.server'))
    .option('--lang <zh|en>', t('help.lang'))
    .option('--json', t('help.json'))
    .addHelpText('after', `\n${t('help.exitCodes')}`)
    .showHelpAfterError(t('help.seeHelp'))
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  const app: CliApp = {
    t,
    run: (action) => async (...args: unknown[]) => {
      const ctx = new CliContext(settings, program.opts<GlobalOptions>(), io);
      let code: number;
      try {
        // commander hands the action its arguments, then the options, then the command.
        code = (await (action as (ctx: CliContext, ...rest: unknown[]) => Promise<number | void>)(ctx, ...args)) ?? EXIT.OK;
      } catch (error) {
        code = explain(ctx, error);
      }
      onExit(code);
    },
  };
  registerAuth(program, app);
  registerImport(program, app);
  registerShifts(program, app);
  registerHours(program, app);
  registerWatch(program, app);
  // Every subcommand shares the global options and answers usage errors with exit code 2.
  forEachCommand(program, (command) => command.exitOverride().showHelpAfterError(t('help.seeHelp')).configureOutput(program.configureOutput()));
  return program;
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  for (const sub of command.commands) { visit(sub); forEachCommand(sub, visit); }
}

/**
 * Runs one command line (the words after `gridroster`) and answers its exit code. Tests call this
 * in-process with their own streams, environment and interruption.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram(args, io, (code) => { exitCode = code; });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    else exitCode = EXIT.FAILURE;
  }
  return exitCode;
}

/** The `gridroster` binary: this process's arguments, streams and Ctrl-C. */
export async function main(argv = process.argv): Promise<void> {
  process.exitCode = await run(argv.slice(2), processIo());
}
