import { spawn } from 'node:child_process';

/**
 * A tiny detached shell that outlives us: while this Node process lives it sleeps; when we are
 * gone (SIGKILL, the OOM killer, a crash past every handler) it asks the embedded PostgreSQL for
 * a fast shutdown, and for an immediate one if that does not finish. Its command line names the
 * cluster, so it cannot signal a stranger that reused the pid (it checks the pid is still a
 * postgres of that directory). A clean stop kills the watchdog first.
 */
const SCRIPT = `
parent="$1"; pg="$2"; data="$3"
while kill -0 "$parent" 2>/dev/null && kill -0 "$pg" 2>/dev/null; do sleep 0.5; done
ours() { tr '\\0' ' ' < "/proc/$pg/cmdline" 2>/dev/null | grep -qF -- "$data"; }
ours || exit 0
kill -INT "$pg" 2>/dev/null
i=0; while [ $i -lt 60 ] && kill -0 "$pg" 2>/dev/null; do sleep 0.5; i=$((i+1)); done
ours && kill -QUIT "$pg" 2>/dev/null
exit 0
`;

export interface Watchdog {
  stop(): void;
}

export function startWatchdog(postgresPid: number, pgdata: string): Watchdog {
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'gridroster-watchdog', String(process.pid), String(postgresPid), pgdata], {
    detached: true, stdio: 'ignore',
  });
  child.unref();
  return {
    stop() {
      // Its own process group: the shell and its `sleep` go together.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    },
  };
}
