import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { Card, Empty, Select, Space, Spin, Tabs } from 'antd';
import { ConsoleRequestGridsDocument, type ConsoleRequestGridsQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import { LiveLight, useRequestChanges, type RequestChange } from './live';
import { underWayAfter, type UnderWayRuns } from './under-way';
import { Households } from './households';
import { Queue } from './queue';
import { Numbers } from './numbers';

type GridChoice = ConsoleRequestGridsQuery['grids'][number]['subtree'][number];

/** Every grid the viewer may pick, once each, parents before children (buildings are chosen inside). */
function choicesOf(data: ConsoleRequestGridsQuery): GridChoice[] {
  const seen = new Map<string, GridChoice>();
  for (const top of data.grids) for (const grid of [top, ...top.subtree]) if (grid.level !== 'BUILDING' && !seen.has(grid.id)) seen.set(grid.id, grid);
  return [...seen.values()];
}

/** The grid worker's phone: a grid's households, its queue by building, dispatch, and its numbers. */
export default function Requests() {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [params, setParams] = useSearchParams();
  const gridId = params.get('grid');
  const tab = params.get('tab') ?? 'households';
  const [choices, setChoices] = useState<GridChoice[] | null>(null);
  const [version, setVersion] = useState(0);
  const [underWay, setUnderWay] = useState<UnderWayRuns>(new Map());
  const live = useRequestChanges(gridId ? { gridId } : null, (change?: RequestChange) => {
    if (change) setUnderWay((current) => underWayAfter(current, change));
    setVersion((v) => v + 1);
  });
  useEffect(() => setUnderWay(new Map()), [gridId]);

  useEffect(() => {
    run(ConsoleRequestGridsDocument).then((data) => setChoices(choicesOf(data)), (error) => { setChoices([]); failure(error); });
  }, [run, failure]);

  const options = useMemo(() => (choices ?? []).map((g) => ({ value: g.id, label: `${g.name} · ${intl.formatMessage({ id: `grids.level.${g.level}` })}` })), [choices, intl]);
  const pick = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next });

  if (choices === null) return <Spin />;
  if (choices.length === 0) return <Empty description={<FormattedMessage id="requests.noGrids" />} />;
  return (
    <Card size="small" title={<FormattedMessage id="requests.title" />} extra={gridId && <LiveLight state={live} />} styles={{ body: { padding: 12 } }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select showSearch optionFilterProp="label" style={{ width: '100%' }} value={gridId ?? undefined} options={options}
          placeholder={intl.formatMessage({ id: 'requests.pickGrid' })} onChange={(id: string) => pick({ grid: id })} data-testid="request-grid" />
        {gridId && (
          <Tabs activeKey={tab} onChange={(key) => pick({ tab: key })} items={[
            { key: 'households', label: <span data-testid="tab-households"><FormattedMessage id="requests.tab.households" /></span>, children: <Households gridId={gridId} /> },
            { key: 'queue', label: <span data-testid="tab-queue"><FormattedMessage id="requests.tab.queue" /></span>, children: <Queue gridId={gridId} version={version} underWay={underWay} /> },
            { key: 'numbers', label: <span data-testid="tab-numbers"><FormattedMessage id="requests.tab.numbers" /></span>, children: <Numbers gridId={gridId} version={version} /> },
          ]} />
        )}
      </Space>
    </Card>
  );
}
