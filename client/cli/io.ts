/**
 * Where a run of the command line reads and writes, so it runs the same in a terminal and inside
 * a test: the streams, the environment, and the interruption (Ctrl-C) it stops at.
 */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on the first Ctrl-C: an import stops between batches, watch ends. */
  interrupt: AbortSignal;
}

/** The process's own streams and environment; the first SIGINT aborts, a second one leaves at once. */
export function processIo(): CliIo {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
  process.once('SIGTERM', () => controller.abort());
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, interrupt: controller.signal };
}
