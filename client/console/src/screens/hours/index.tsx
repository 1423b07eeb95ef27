import { useIntl } from 'react-intl';
import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { Tallies } from './tallies';
import { Corrections } from './corrections';
import { Certificates } from './certificates';

const TABS = { tallies: Tallies, corrections: Corrections, certificates: Certificates };
type Tab = keyof typeof TABS;

/** Hours: tallies as charts and tables with their export, correction requests to decide, certificates to issue. */
export default function Hours() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') ?? 'tallies') as Tab;
  return (
    <Card size="small" title={intl.formatMessage({ id: 'hours.title' })}>
      <Tabs activeKey={tab in TABS ? tab : 'tallies'} onChange={(key) => setParams({ tab: key })} destroyInactiveTabPane
        items={(Object.keys(TABS) as Tab[]).map((key) => {
          const Panel = TABS[key];
          return { key, label: <span data-testid={`hours-tab-${key}`}>{intl.formatMessage({ id: `hours.tab.${key}` })}</span>, children: <Panel /> };
        })} />
    </Card>
  );
}
