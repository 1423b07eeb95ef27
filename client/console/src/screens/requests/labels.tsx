import { FormattedMessage } from 'react-intl';
import { Space, Tag } from 'antd';
import type { HouseholdNeed, ServiceRequestKind, Urgency } from '../../api/sdk';
import { shanghaiDate } from '../../time';

/** The Shanghai date `days` from today. */
export const dayFromToday = (days: number) => shanghaiDate(new Date(Date.now() + days * 86_400_000));

export const KINDS: ServiceRequestKind[] = ['HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT'];
export const URGENCIES: Urgency[] = ['ROUTINE', 'URGENT', 'EMERGENCY'];
const URGENCY_COLOURS: Record<Urgency, string> = { ROUTINE: 'default', URGENT: 'orange', EMERGENCY: 'red' };

export const UrgencyTag = ({ urgency }: { urgency: Urgency }) => (
  <Tag color={URGENCY_COLOURS[urgency]} data-testid="urgency"><FormattedMessage id={`requests.urgency.${urgency}`} /></Tag>
);

export const KindText = ({ kind }: { kind: ServiceRequestKind }) => <FormattedMessage id={`requests.kind.${kind}`} />;

/** Standing needs as the API gives them: shown only when the household came back at all. */
export const NeedTags = ({ needs }: { needs: HouseholdNeed[] }) => (
  <Space size={[0, 4]} wrap>
    {needs.map((need) => <Tag key={need} color="purple"><FormattedMessage id={`requests.need.${need}`} /></Tag>)}
  </Space>
);
