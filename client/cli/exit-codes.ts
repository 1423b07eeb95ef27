/**
 * Exit codes, documented in `gridroster --help` and the README. Scripts tell "fix the input" from
 * "sign in again" from "try later" by them.
 */
export const EXIT = {
  OK: 0,
  /** Something unexpected (the server's INTERNAL, a bug): the message says what, never a stack. */
  FAILURE: 1,
  /** The command line itself was wrong: an unknown option, a missing argument, a file that cannot be read. */
  USAGE: 2,
  /** Not signed in, or the token was refused (UNAUTHENTICATED): run gridroster login. */
  UNAUTHENTICATED: 3,
  /** Not allowed, or not found (FORBIDDEN, NOT_FOUND). */
  DENIED: 4,
  /** The server refused the input (BAD_USER_INPUT, CONFLICT). */
  REFUSED: 5,
  /** The server could not be reached. */
  UNREACHABLE: 6,
  /** An import finished, but some rows were not imported: see the report file. */
  PARTIAL: 7,
  /** Stopped by Ctrl-C. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeOf(code: string): ExitCode {
  switch (code) {
    case 'UNAUTHENTICATED': return EXIT.UNAUTHENTICATED;
    case 'FORBIDDEN': case 'NOT_FOUND': return EXIT.DENIED;
    case 'BAD_USER_INPUT': case 'CONFLICT': return EXIT.REFUSED;
    case 'NETWORK': return EXIT.UNREACHABLE;
    default: return EXIT.FAILURE;
  }
}

/** A failure the command line explains itself (a missing column, a file it cannot read), with its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.USAGE) {
    super(message);
  }
}
