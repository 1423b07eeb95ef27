import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Card, Space, Tag, Timeline, Typography } from 'antd';
import type { ConsoleRequestCardFragment, ConsoleRunHistoryFragment } from '../../api/sdk';
import { clock, dateTime } from '../../time';
import { KindText, NeedTags, UrgencyTag } from './labels';

/** One request: urgency, kind, window, what to bring, and its household when the viewer may see it. */
export function RequestCard({ request, actions, children }: { request: ConsoleRequestCardFragment; actions?: ReactNode[]; children?: ReactNode }) {
  const intl = useIntl();
  const household = request.household;
  return (
    <Card size="small" actions={actions} data-testid={`request-${request.id}`} style={{ marginBottom: 8 }}
      title={<Space size={4} wrap><UrgencyTag urgency={request.urgency} /><KindText kind={request.kind} /></Space>}
      extra={<Typography.Text type="secondary">{clock(intl.locale, request.startsAt)}–{clock(intl.locale, request.endsAt)}</Typography.Text>}>
      {household && (
        <div data-testid="request-household">
          <Typography.Text strong>{household.address}</Typography.Text>
          {household.contactName && <> · {household.contactName}</>}
          {household.contactPhone && <> · <span data-testid="request-phone">{household.contactPhone}</span></>}
          <div><NeedTags needs={household.needs} /></div>
        </div>
      )}
      {request.details && <div>{request.details}</div>}
      {request.items.length > 0 && <div>{request.items.join('、')}</div>}
      <Space size={4} wrap>
        {request.packagePrice != null && <Tag>¥{request.packagePrice}</Tag>}
        {request.kind === 'HOME_DELIVERY' && <Tag color={request.paid ? 'green' : 'gold'}><FormattedMessage id={request.paid ? 'requests.paid' : 'requests.unpaid'} /></Tag>}
        <Tag><FormattedMessage id="requests.people" values={{ count: request.people }} /></Tag>
        {request.grid && <Tag>{request.grid.name}</Tag>}
      </Space>
      {children}
    </Card>
  );
}

/** A request's earlier runs: who tried, and why it came back. */
export function RunHistory({ runs }: { runs: ConsoleRunHistoryFragment[] }) {
  const intl = useIntl();
  if (runs.length === 0) return null;
  return (
    <Timeline style={{ marginTop: 12, marginBottom: -12 }} data-testid="run-history" items={runs.map((run) => ({
      color: run.status === 'FAILED' ? 'red' : run.status === 'DONE' ? 'green' : 'gray',
      children: (
        <>
          <FormattedMessage id={`requests.run.${run.status}`} /> · {run.volunteer?.name ?? run.team?.name ?? '—'} · {dateTime(intl.locale, run.finishedAt ?? run.assignedAt)}
          {run.failureReason && <> · <FormattedMessage id={`requests.failure.${run.failureReason}`} /></>}
          {run.note && <> · {run.note}</>}
        </>
      ),
    }))} />
  );
}
