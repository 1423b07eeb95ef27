import { Tag } from 'antd';
import { FormattedMessage } from 'react-intl';
import type { ZoneLevel } from '../../api/sdk';

/** 封控 red, 管控 orange, 防范 green: the colours the command posts' maps use. */
export const ZONE_COLOURS: Record<ZoneLevel, string> = { LOCKDOWN: 'red', CONTROL: 'orange', PREVENTION: 'green', NORMAL: 'default' };

export function ZoneTag({ zone }: { zone: ZoneLevel }) {
  return <Tag color={ZONE_COLOURS[zone]} data-zone={zone}><FormattedMessage id={`grids.zone.${zone}`} /></Tag>;
}
