import { useEffect, useRef, useState } from 'react';
import { GridrosterError, watchRoster, type RosterEvent, type WatchState } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';

/** Refusals that no later attempt can cure: the viewer's token, or a grid they may not see. */
const FINAL = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

/** What the status light shows. */
export type LiveLight = 'live' | 'reconnecting' | 'offline';

const lightOf = (state: WatchState, online: boolean): LiveLight =>
  !online || state === 'failed' || state === 'stopped' ? 'offline' : state === 'live' ? 'live' : 'reconnecting';

/**
 * Follows a grid's roster through the SDK's watchRoster: each committed change calls `onChange`
 * once, in order; a dropped connection resumes from the last cursor (the server replays what was
 * committed meanwhile), and going live calls `onChange(null)`, so the screen re-reads.
 */
export function useLiveRoster(gridId: string, onChange: (event: RosterEvent | null) => void): LiveLight {
  const { token } = useSession();
  const { language } = useLanguage();
  const [state, setState] = useState<WatchState>('connecting');
  const [online, setOnline] = useState(navigator.onLine);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => { window.removeEventListener('online', update); window.removeEventListener('offline', update); };
  }, []);

  useEffect(() => {
    let watch: ReturnType<typeof watchRoster> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const start = () => {
      watch = watchRoster({
        url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
        httpUrl: `${location.origin}/graphql`,
        token, language, filter: { gridId },
        webSocketImpl: WebSocket,
        // A checkpoint phone comes back quickly: never wait more than 3 s between attempts.
        backoff: { initialMs: 250, maxMs: 3000 },
      }, {
        event: (event) => changed.current(event),
        status: (status) => {
          setState(status.state);
          // Each time it goes live (the first time too: a change may have come between the screen's
          // first read and the log's end the watch starts from) the screen reads the day again.
          if (status.state === 'live') changed.current(null);
        },
      });
      // The watch gives up on a refusal, or when the log's end could not be read (a busy server):
      // a refusal of the viewer or the grid is final, anything else is tried again.
      watch.done.catch((error: unknown) => {
        if (stopped || (error instanceof GridrosterError && FINAL.has(error.code))) return;
        retry = setTimeout(start, 3000);
      });
    };
    start();
    return () => { stopped = true; if (retry) clearTimeout(retry); void watch?.stop(); };
  }, [gridId, token, language]);

  return lightOf(state, online);
}
