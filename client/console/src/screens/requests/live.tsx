import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Badge } from 'antd';
import { createClient } from 'graphql-ws';
import { ConsoleRequestChangedDocument, sourceOf, type ConsoleRequestChangedSubscription, type RequestFilter } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';

export type LiveState = 'connecting' | 'live' | 'reconnecting';
export type RequestChange = ConsoleRequestChangedSubscription['requestChanged'];

/**
 * Calls `onChange` with every request event the viewer may read under `filter` (the screens read
 * their lists again). Reconnects on its own, and calls `onChange()` with no event on reconnecting,
 * so a screen reads again what it may have missed while offline.
 */
export function useRequestChanges(filter: RequestFilter | null, onChange: (change?: RequestChange) => void): LiveState {
  const { token, apiUrl } = useSession();
  const { language } = useLanguage();
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = filter ? JSON.stringify(filter) : null;

  useEffect(() => {
    if (key === null) return;
    let connectedBefore = false;
    // A client being disposed (a re-render, React's double mount) still reports its close: ignore it.
    let current = true;
    const report = (next: LiveState) => { if (current) setState(next); };
    const client = createClient({
      url: apiUrl.replace(/^http/, 'ws'),
      lazy: false,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), language },
      on: {
        connected: () => { report('live'); if (current && connectedBefore) latest.current(); connectedBefore = true; },
        closed: () => report('reconnecting'),
      },
    });
    const stop = client.subscribe(
      { query: sourceOf(ConsoleRequestChangedDocument), variables: { filter: JSON.parse(key) as RequestFilter } },
      { next: (result) => { if (current && result.data) latest.current((result.data as ConsoleRequestChangedSubscription).requestChanged); }, error: () => report('reconnecting'), complete: () => {} },
    );
    return () => { current = false; stop(); void client.dispose(); };
  }, [key, token, apiUrl, language]);
  return state;
}

const LIVE_COLOURS: Record<LiveState, 'success' | 'processing' | 'warning'> = { live: 'success', connecting: 'processing', reconnecting: 'warning' };

/** The small light: live, connecting or reconnecting. */
export const LiveLight = ({ state }: { state: LiveState }) => (
  <Badge status={LIVE_COLOURS[state]} text={<FormattedMessage id={`requests.live.${state}`} />} data-testid={`live-${state}`} />
);
