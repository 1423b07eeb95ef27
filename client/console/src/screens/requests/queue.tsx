import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Button, Empty, Segmented, Space, Spin, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { ConsoleRequestQueueDocument, type ConsoleRequestQueueQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isNotFound } from '../../api/errors';
import { useFailure } from '../../shell/feedback';
import NotFound from '../not-found';
import { RequestCard, RunHistory } from './request-card';
import { dayFromToday } from './labels';
import { Dispatch, type DispatchWhat } from './dispatch';
import { UnderWay, type UnderWayRuns } from './under-way';

type Building = ConsoleRequestQueueQuery['requestQueue'][number];


/** Today's or tomorrow's open requests by building, most urgent first; dispatch one or a building's batch. */
export function Queue({ gridId, version, underWay }: { gridId: string; version: number; underWay: UnderWayRuns }) {
  const { run } = useSession();
  const failure = useFailure();
  const [offset, setOffset] = useState(0);
  const [buildings, setBuildings] = useState<Building[] | null | undefined>(undefined);
  const [dispatching, setDispatching] = useState<DispatchWhat | null>(null);
  const day = dayFromToday(offset);

  const load = useCallback(() => {
    run(ConsoleRequestQueueDocument, { gridId, day }).then(
      (data) => setBuildings(data.requestQueue),
      (error) => { setBuildings(null); if (!isNotFound(error)) failure(error); },
    );
  }, [gridId, day, run, failure]);
  useEffect(load, [load, version]);

  return (
    <>
      <Segmented block value={offset} onChange={(value) => { setBuildings(undefined); setOffset(value as number); }} data-testid="queue-day" options={[
        { value: 0, label: <span data-testid="queue-today"><FormattedMessage id="requests.day.0" /> {dayFromToday(0).slice(5)}</span> },
        { value: 1, label: <span data-testid="queue-tomorrow"><FormattedMessage id="requests.day.1" /> {dayFromToday(1).slice(5)}</span> },
      ]} style={{ marginBottom: 12 }} />
      {buildings === undefined ? <Spin /> : buildings === null ? <NotFound /> : buildings.length === 0 ? (
        <Empty description={<FormattedMessage id="requests.queueEmpty" />} />
      ) : buildings.map((building) => (
        <section key={building.building?.id ?? 'hidden'} data-testid={`queue-building-${building.building?.id ?? 'hidden'}`}>
          <Space style={{ width: '100%', justifyContent: 'space-between', margin: '8px 0' }}>
            <Typography.Text strong>{building.building?.name ?? '—'} ({building.requests.length})</Typography.Text>
            {building.building && building.requests[0] && (
              <Button size="small" icon={<SendOutlined />} data-testid="dispatch-building"
                onClick={() => setDispatching({ buildingId: building.building!.id, buildingName: building.building!.name, day, sampleRequestId: building.requests[0].id })}>
                <FormattedMessage id="requests.dispatchBuilding" />
              </Button>
            )}
          </Space>
          {building.requests.map((request) => (
            <RequestCard key={request.id} request={request} actions={[
              <Button key="dispatch" type="link" icon={<SendOutlined />} data-testid="dispatch" onClick={() => setDispatching({ requestId: request.id, sampleRequestId: request.id })}>
                <FormattedMessage id="requests.dispatch" />
              </Button>,
            ]}>
              <RunHistory runs={request.runs} />
            </RequestCard>
          ))}
        </section>
      ))}
      <UnderWay runs={underWay} />
      <Dispatch gridId={gridId} what={dispatching} onClose={(sent) => { setDispatching(null); if (sent) load(); }} />
    </>
  );
}
