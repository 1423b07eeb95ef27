import { Badge } from 'antd';
import { FormattedMessage } from 'react-intl';
import type { LiveLight } from './live';

const COLOURS: Record<LiveLight, 'success' | 'warning' | 'error'> = { live: 'success', reconnecting: 'warning', offline: 'error' };

/** Live / reconnecting / offline: whether what the board shows is still being kept up to date. */
export function StatusLight({ light }: { light: LiveLight }) {
  return <Badge status={COLOURS[light]} data-testid="live-status" data-light={light} text={<FormattedMessage id={`day.live.${light}`} />} />;
}
