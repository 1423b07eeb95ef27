import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Collapse, Drawer, Empty, List, Spin, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ConsoleGridHouseholdsDocument, type ConsoleGridHouseholdsQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isNotFound } from '../../api/errors';
import { useFailure } from '../../shell/feedback';
import NotFound from '../not-found';
import { NeedTags } from './labels';
import { RecordRequest } from './record-form';

type GridHouseholds = Extract<NonNullable<ConsoleGridHouseholdsQuery['node']>, { households: unknown }>;
type Household = GridHouseholds['households'][number];

/** Households grouped by their building (or sub-grid), in the API's address order. */
function byBuilding(households: Household[]): { id: string; name: string; households: Household[] }[] {
  const groups = new Map<string, { id: string; name: string; households: Household[] }>();
  for (const household of households) {
    const key = household.grid?.id ?? '';
    const group = groups.get(key) ?? { id: key, name: household.grid?.name ?? '—', households: [] };
    group.households.push(household);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A grid's households by building, each with a button to record a need. */
export function Households({ gridId }: { gridId: string }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [grid, setGrid] = useState<GridHouseholds | null | undefined>(undefined);
  const [recording, setRecording] = useState<Household | null>(null);

  const load = useCallback(() => {
    run(ConsoleGridHouseholdsDocument, { id: gridId }).then(
      (data) => setGrid(data.node && 'households' in data.node ? (data.node as GridHouseholds) : null),
      (error) => { setGrid(null); if (!isNotFound(error)) failure(error); },
    );
  }, [gridId, run, failure]);
  useEffect(() => { setGrid(undefined); load(); }, [load]);

  if (grid === undefined) return <Spin />;
  if (grid === null) return <NotFound />;
  if (grid.households.length === 0) return <Empty description={<FormattedMessage id="requests.noHouseholds" />} />;
  const buildings = byBuilding(grid.households);
  return (
    <>
      <Typography.Paragraph type="secondary" data-testid="request-cutoff">
        <FormattedMessage id="requests.cutoff" values={{ cutoff: grid.requestCutoff }} />
      </Typography.Paragraph>
      <Collapse size="small" defaultActiveKey={buildings.map((b) => b.id)} items={buildings.map((building) => ({
        key: building.id,
        label: <span data-testid={`building-${building.id}`}>{building.name} ({building.households.length})</span>,
        children: (
          <List size="small" dataSource={building.households} renderItem={(household) => (
            <List.Item data-testid={`household-${household.id}`} actions={[
              <Button key="record" size="small" type="primary" icon={<PlusOutlined />} onClick={() => setRecording(household)} data-testid="record-request">
                <FormattedMessage id="requests.record" />
              </Button>,
            ]}>
              <List.Item.Meta
                title={<span data-testid="household-address">{household.address}</span>}
                description={<>
                  <div>{[household.contactName, household.contactPhone].filter(Boolean).join(' · ')}
                    {' · '}<FormattedMessage id="requests.residents" values={{ count: household.residentCount }} /></div>
                  <NeedTags needs={household.needs} />
                </>} />
            </List.Item>
          )} />
        ),
      }))} />
      <Drawer open={recording !== null} onClose={() => setRecording(null)} placement="bottom" height="90%" destroyOnHidden
        title={recording && intl.formatMessage({ id: 'requests.recordFor' }, { address: recording.address })}>
        {recording && <RecordRequest householdId={recording.id} />}
      </Drawer>
    </>
  );
}
