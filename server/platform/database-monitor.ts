import postgres from 'postgres';
import type { Logger } from './logger';

export interface DatabaseMonitor {
  stop(): Promise<void>;
}

/**
 * Keeps one idle connection open so that a database going away is noticed at once (the server
 * closes it, or the socket dies) rather than at the next request; then probes every second until
 * it answers again. The request pool reconnects by itself; this only says what is happening.
 */
export function monitorDatabase(url: string, logger: Logger, probeMs = 1000): DatabaseMonitor {
  let up = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const client = postgres(url, {
    max: 1, onnotice: () => {}, connect_timeout: 5, idle_timeout: 0,
    connection: { application_name: 'gridroster-monitor' },
    onclose: () => {
      if (stopped || !up) return;
      up = false;
      logger.error('database connection lost; retrying every second');
      schedule();
    },
  });
  const probe = async () => {
    if (stopped) return;
    try {
      await client`select 1`;
      if (!up) logger.info('database connection restored');
      up = true;
    } catch {
      schedule();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void probe(), probeMs);
  };
  void probe();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await client.end({ timeout: 0 }).catch(() => {});
    },
  };
}
