import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Button, Tag, Typography } from 'antd';
import { ConsoleConfirmRunDocument } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import type { RequestChange } from './live';
import { RequestCard } from './request-card';

type Held = RequestChange & { request: NonNullable<RequestChange['request']>; run: NonNullable<RequestChange['run']> };
const HELD = new Set(['ASSIGNED', 'EN_ROUTE']);
export type UnderWayRuns = Map<string, Held>;

/** Folds one event into the runs under way, keyed by run: held ones stay, finished ones leave. */
export function underWayAfter(current: UnderWayRuns, change: RequestChange): UnderWayRuns {
  if (!change.run || !change.request) return current;
  const next = new Map(current);
  if (HELD.has(change.run.status)) next.set(change.run.id, change as Held);
  else next.delete(change.run.id);
  return next;
}

/**
 * Runs that set off while this screen was open (the API lists a grid's open requests, not its held
 * ones): who holds what, and the resident's confirmation for a run on its way.
 */
export function UnderWay({ runs }: { runs: UnderWayRuns }) {
  const { run } = useSession();
  const failure = useFailure();
  const [busy, setBusy] = useState<string | null>(null);
  if (runs.size === 0) return null;
  const confirm = async (id: string) => {
    setBusy(id);
    await run(ConsoleConfirmRunDocument, { id }).catch(failure);
    setBusy(null);
  };
  return (
    <section data-testid="under-way" style={{ marginTop: 16 }}>
      <Typography.Text strong><FormattedMessage id="requests.underWay" /></Typography.Text>
      {[...runs.values()].map(({ request, run: held }) => (
        <RequestCard key={held.id} request={request} actions={held.status === 'EN_ROUTE' ? [
          <Button key="confirm" type="link" loading={busy === held.id} onClick={() => void confirm(held.id)} data-testid="confirm-resident">
            <FormattedMessage id="requests.confirmResident" />
          </Button>,
        ] : undefined}>
          <div style={{ marginTop: 8 }}>
            <Tag color="processing"><FormattedMessage id={`requests.run.${held.status}`} /></Tag>
            {held.volunteer?.name ?? held.team?.name}
          </div>
        </RequestCard>
      ))}
    </section>
  );
}
