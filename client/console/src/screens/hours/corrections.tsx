import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { App, Button, Input, Modal, Popconfirm, Space, Table } from 'antd';
import { ConsoleApproveHoursCorrectionDocument, ConsoleHoursCorrectionsDocument, ConsoleRejectHoursCorrectionDocument, type ConsoleHoursCorrectionsQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';
import { useFailure } from '../../shell/feedback';
import { dateTime } from '../../time';

type Request = ConsoleHoursCorrectionsQuery['hoursCorrectionRequests']['edges'][number]['node'];

/** Volunteers' requests to correct their hours that the viewer may decide: approve as claimed, or reject with a reason. */
export function Corrections() {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const { language } = useLanguage();
  const { run } = useSession();
  const { message } = App.useApp();
  const failure = useFailure();
  const [requests, setRequests] = useState<Request[] | null>(null);
  const [rejecting, setRejecting] = useState<Request | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(() => {
    run(ConsoleHoursCorrectionsDocument, {}).then((data) => setRequests(data.hoursCorrectionRequests.edges.map((e) => e.node)), (error) => { setRequests([]); failure(error); });
  }, [run, failure]);
  useEffect(load, [load]);

  const decide = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(t(done));
      load();
      return true;
    } catch (error) {
      failure(error);
      return false;
    }
  };
  const approve = (request: Request) => decide(() => run(ConsoleApproveHoursCorrectionDocument, { id: request.id }), 'hours.approved');
  const reject = async () => {
    if (rejecting && await decide(() => run(ConsoleRejectHoursCorrectionDocument, { id: rejecting.id, reason }), 'hours.rejected')) setRejecting(null);
  };

  return (
    <>
      <Table<Request> rowKey="id" size="small" loading={requests === null} dataSource={requests ?? []} pagination={false} scroll={{ x: true }} data-testid="corrections"
        locale={{ emptyText: t('hours.noCorrections') }} columns={[
          { title: t('hours.volunteer'), render: (_, r) => r.volunteer.name },
          { title: t('hours.claimed'), render: (_, r) => `${r.claimedHours} / ${r.recordedHours ?? '—'}` },
          { title: t('hours.period'), render: (_, r) => (r.periodFrom ? `${r.periodFrom} ~ ${r.periodTo}` : '—') },
          { title: t('hours.reason'), dataIndex: 'reason' },
          { title: t('hours.asked'), render: (_, r) => dateTime(language, r.createdAt) },
          { title: '', render: (_, r) => (
            <Space>
              <Popconfirm title={t('hours.approveConfirm')} onConfirm={() => approve(r)}>
                <Button size="small" type="primary" data-testid={`approve-${r.id}`}>{t('hours.approve')}</Button>
              </Popconfirm>
              <Button size="small" danger onClick={() => { setReason(''); setRejecting(r); }} data-testid={`reject-${r.id}`}>{t('hours.reject')}</Button>
            </Space>
          ) },
        ]} />
      <Modal open={rejecting !== null} title={t('hours.rejectTitle')} onCancel={() => setRejecting(null)} onOk={() => void reject()} okButtonProps={{ danger: true, disabled: !reason.trim() }}>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('hours.rejectReason')} data-testid="reject-reason" />
      </Modal>
    </>
  );
}
