import { useCallback, useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Alert, Button, Card, Empty, Space, Spin, Typography } from 'antd';
import {
  ConsoleClaimableDocument, ConsoleClaimRequestDocument, ConsoleMyGridsDocument, ConsoleMyRunsDocument,
  type ConsoleMyRunsQuery, type ConsoleRequestCardFragment,
} from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure, useFailureText } from '../../shell/feedback';
import { shanghaiDate } from '../../time';
import { LiveLight, useRequestChanges } from '../requests/live';
import { RequestCard } from '../requests/request-card';
import { RunCard } from './run-card';

type Run = ConsoleMyRunsQuery['myServiceRuns'][number];

/** Open requests of today in every grid the volunteer may see, once each. */
async function claimable(run: ReturnType<typeof useSession>['run'], day: string): Promise<ConsoleRequestCardFragment[]> {
  const { grids } = await run(ConsoleMyGridsDocument);
  const queues = await Promise.all(grids.map((g) => run(ConsoleClaimableDocument, { gridId: g.id, day }).catch(() => null)));
  const open = new Map<string, ConsoleRequestCardFragment>();
  for (const queue of queues) for (const building of queue?.requestQueue ?? []) for (const request of building.requests) open.set(request.id, request);
  return [...open.values()];
}

/** The volunteer's phone: today's runs (set out, done with the code, failed with a reason) and open requests to claim. */
export default function MyRuns() {
  const { run } = useSession();
  const failure = useFailure();
  const failureText = useFailureText();
  const [runs, setRuns] = useState<Run[] | undefined>(undefined);
  const [open, setOpen] = useState<ConsoleRequestCardFragment[]>([]);
  const [refused, setRefused] = useState<string | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);

  const load = useCallback(() => {
    const day = shanghaiDate();
    run(ConsoleMyRunsDocument, { day }).then((data) => { setRuns(data.myServiceRuns); setRefused(null); }, (error) => { setRuns([]); setRefused(failureText(error)); });
    claimable(run, day).then(setOpen, () => setOpen([]));
  }, [run, failureText]);
  useEffect(load, [load]);
  const live = useRequestChanges({}, load);

  const claim = async (id: string) => {
    setClaiming(id);
    try {
      await run(ConsoleClaimRequestDocument, { id });
    } catch (error) {
      failure(error);
    } finally {
      setClaiming(null);
      load();
    }
  };

  if (runs === undefined) return <Spin />;
  if (refused) return <Alert type="warning" showIcon message={<span data-testid="my-runs-refused">{refused}</span>} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={<FormattedMessage id="myRuns.title" />} extra={<LiveLight state={live} />} styles={{ body: { padding: 12 } }}>
        {runs.length === 0 ? <Empty description={<span data-testid="no-runs"><FormattedMessage id="myRuns.none" /></span>} /> :
          runs.map((r) => <RunCard key={r.id} run={r} onChanged={load} />)}
      </Card>
      <Card size="small" title={<FormattedMessage id="myRuns.open" />} styles={{ body: { padding: 12 } }}>
        {open.length === 0 ? <Typography.Text type="secondary" data-testid="no-open"><FormattedMessage id="myRuns.noOpen" /></Typography.Text> :
          open.map((request) => (
            <RequestCard key={request.id} request={request} actions={[
              <Button key="claim" type="link" loading={claiming === request.id} onClick={() => void claim(request.id)} data-testid="claim">
                <FormattedMessage id="myRuns.claim" />
              </Button>,
            ]} />
          ))}
      </Card>
    </Space>
  );
}
