import { FormattedMessage } from 'react-intl';
import { Tag } from 'antd';
import type { VolunteerStatus } from '../../api/sdk';

const COLOURS: Record<VolunteerStatus, string> = { ACTIVE: 'green', PENDING: 'gold', SUSPENDED: 'red', ARCHIVED: 'default' };

export const StatusTag = ({ status }: { status: VolunteerStatus }) => (
  <Tag color={COLOURS[status]}><FormattedMessage id={`volunteers.status.${status}`} /></Tag>
);
