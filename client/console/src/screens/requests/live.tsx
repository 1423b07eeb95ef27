import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Badge } from 'antd';
import { createClient } from 'graphql-ws';
import { ConsoleRequestChangedDocument, sourceOf, type RequestFilter } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * Calls `onChange` after every request event the viewer may read under `filter` (the screens read
 * their lists again: an event carries ids and statuses only). Reconnects on its own; a screen
 * reads again on reconnecting too, so nothing missed while offline stays missed.
 */
export function useRequestChanges(filter: RequestFilter | null, onChange: () => void): LiveState {
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
      { next: () => { if (current) latest.current(); }, error: () => report('reconnecting'), complete: () => {} },
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
