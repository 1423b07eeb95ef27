import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Input, Modal, Radio, Space, Tag, type ButtonProps } from 'antd';
import {
  ConsoleCompleteRunDocument, ConsoleFailRunDocument, ConsoleReleaseRunDocument, ConsoleStartRunDocument,
  type ConsoleMyRunsQuery, type RunFailureReason,
} from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import { RequestCard } from '../requests/request-card';

type Run = ConsoleMyRunsQuery['myServiceRuns'][number];
const REASONS: RunFailureReason[] = ['NOBODY_HOME', 'REFUSED', 'WRONG_ADDRESS', 'OTHER'];
const STATUS_COLOURS: Record<string, string> = { ASSIGNED: 'blue', EN_ROUTE: 'processing', DONE: 'success', FAILED: 'error', RELEASED: 'default' };

/** One run and what its runner may do next: set out, hand over with the resident's code, or say why it failed. */
export function RunCard({ run: current, onChanged }: { run: Run; onChanged: () => void }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState<RunFailureReason>('NOBODY_HOME');
  const [note, setNote] = useState('');

  /** Every mutation: the server's message on refusal, the list read again either way. */
  const act = async (mutation: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await mutation();
      setFailing(false);
    } catch (error) {
      failure(error);
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const id = current.id;
  const actions = {
    ASSIGNED: [
      <Button key="start" type="primary" loading={busy} onClick={() => void act(() => run(ConsoleStartRunDocument, { id }))} data-testid="set-out"><FormattedMessage id="myRuns.setOut" /></Button>,
      <Button key="release" loading={busy} onClick={() => void act(() => run(ConsoleReleaseRunDocument, { id }))} data-testid="release"><FormattedMessage id="myRuns.release" /></Button>,
    ],
    EN_ROUTE: [
      <Space.Compact key="done" style={{ padding: '0 8px' }}>
        <Input inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.trim())} placeholder={intl.formatMessage({ id: 'myRuns.code' })} data-testid="handover-code" />
        <Button type="primary" loading={busy} disabled={code.length === 0} onClick={() => void act(() => run(ConsoleCompleteRunDocument, { id, handoverCode: code }))} data-testid="done">
          <FormattedMessage id="myRuns.done" />
        </Button>
      </Space.Compact>,
      <Button key="fail" danger onClick={() => setFailing(true)} data-testid="failed"><FormattedMessage id="myRuns.failed" /></Button>,
    ],
  }[current.status as 'ASSIGNED' | 'EN_ROUTE'];

  // A run that failed or was given back no longer shows its request to the former runner (null).
  if (!current.request) return null;
  return (
    <div data-testid={`run-${id}`} data-status={current.status}>
      <RequestCard request={current.request} actions={actions}>
        <Space size={4} wrap style={{ marginTop: 8 }}>
          <Tag color={STATUS_COLOURS[current.status]} data-testid="run-status"><FormattedMessage id={`requests.run.${current.status}`} /></Tag>
          {current.team && <Tag>👥 {current.team.name}</Tag>}
          {current.hours != null && <Tag color="green"><FormattedMessage id="myRuns.hours" values={{ hours: current.hours }} /></Tag>}
          {current.failureReason && <Tag color="red"><FormattedMessage id={`requests.failure.${current.failureReason}`} /></Tag>}
        </Space>
        {current.status === 'EN_ROUTE' && <div style={{ marginTop: 8, color: '#888' }}><FormattedMessage id="myRuns.confirmHint" /></div>}
      </RequestCard>
      <Modal open={failing} onCancel={() => setFailing(false)} confirmLoading={busy} title={intl.formatMessage({ id: 'myRuns.failTitle' })}
        okText={intl.formatMessage({ id: 'myRuns.failed' })} okButtonProps={{ danger: true, 'data-testid': 'fail-send' } as ButtonProps}
        onOk={() => void act(() => run(ConsoleFailRunDocument, { id, reason, note: note || null }))}>
        <Radio.Group value={reason} onChange={(e) => setReason(e.target.value as RunFailureReason)}>
          <Space direction="vertical">
            {REASONS.map((r) => <Radio key={r} value={r}><FormattedMessage id={`requests.failure.${r}`} /></Radio>)}
          </Space>
        </Radio.Group>
        <Input.TextArea rows={2} style={{ marginTop: 12 }} value={note} onChange={(e) => setNote(e.target.value)} placeholder={intl.formatMessage({ id: 'myRuns.note' })} />
      </Modal>
    </div>
  );
}
