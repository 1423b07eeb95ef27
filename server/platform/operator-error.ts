/**
 * A start-up failure the operator can fix: its message is the one line printed (what is wrong and
 * what to do), with no stack trace.
 */
export class OperatorError extends Error {}
