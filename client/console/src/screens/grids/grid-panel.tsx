import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Card, Descriptions, List, Spin, Timeline } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { ConsoleGridPanelDocument, type ConsoleGridPanelQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isNotFound } from '../../api/errors';
import { useFailure } from '../../shell/feedback';
import { dateTime, shanghaiDate } from '../../time';
import { ZONE_COLOURS, ZoneTag } from './zone';
import NotFound from '../not-found';

type Panel = Extract<ConsoleGridPanelQuery['node'], { __typename?: 'Grid'; level: unknown }>;

/** One grid: its level, zone and the zone's history, its leader, and the teams deployed to it. */
export function GridPanel({ id, onOpenDay }: { id: string; onOpenDay: (id: string) => void }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [grid, setGrid] = useState<Panel | null | undefined>(undefined);

  useEffect(() => {
    setGrid(undefined);
    run(ConsoleGridPanelDocument, { id }).then(
      (data) => setGrid(data.node && 'level' in data.node ? (data.node as Panel) : null),
      (error) => { setGrid(null); if (!isNotFound(error)) failure(error); },
    );
  }, [id, run, failure]);

  if (grid === undefined) return <Spin />;
  if (grid === null) return <NotFound />;
  const today = shanghaiDate();
  const running = grid.deployments.filter((d) => d.startsOn <= today && (!d.endsOn || d.endsOn >= today));
  return (
    <Card size="small" title={grid.name} data-testid="grid-panel"
      extra={<Button type="primary" icon={<CalendarOutlined />} onClick={() => onOpenDay(grid.id)} data-testid="open-day">
        <FormattedMessage id="grids.openDay" />
      </Button>}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={intl.formatMessage({ id: 'grids.level' })}><FormattedMessage id={`grids.level.${grid.level}`} /></Descriptions.Item>
        <Descriptions.Item label={intl.formatMessage({ id: 'grids.zone' })}><ZoneTag zone={grid.zone} /></Descriptions.Item>
        <Descriptions.Item label={intl.formatMessage({ id: 'grids.parent' })}>{grid.parent?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={intl.formatMessage({ id: 'grids.leader' })}>
          <span data-testid="grid-leader">{grid.leader?.name ?? intl.formatMessage({ id: 'grids.noLeader' })}</span>
        </Descriptions.Item>
      </Descriptions>
      <Card type="inner" size="small" title={<FormattedMessage id="grids.deployments" />}>
        <List size="small" dataSource={running} locale={{ emptyText: intl.formatMessage({ id: 'grids.noDeployments' }) }}
          renderItem={(d) => <List.Item>{d.team.name} · {d.startsOn} – {d.endsOn ?? intl.formatMessage({ id: 'grids.openEnded' })}</List.Item>} />
      </Card>
      {grid.zoneHistory.length > 0 && (
        <Card type="inner" size="small" title={<FormattedMessage id="grids.zoneHistory" />} style={{ marginTop: 12 }}>
          <Timeline items={[...grid.zoneHistory].reverse().slice(0, 10).map((change) => ({
            color: ZONE_COLOURS[change.zone] === 'default' ? 'gray' : ZONE_COLOURS[change.zone],
            children: <><ZoneTag zone={change.zone} /> {dateTime(intl.locale, change.changedAt)}</>,
          }))} />
        </Card>
      )}
    </Card>
  );
}
