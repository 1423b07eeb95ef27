import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { App, Button, Card, DatePicker, Form, Select, Space, Table, Tag } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ConsoleCertificatesDocument, ConsoleIssueCertificateDocument, ConsoleVolunteerSearchDocument, type ConsoleCertificatesQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';
import { useFailure } from '../../shell/feedback';
import { dateTime } from '../../time';
import { OrganizationPicker } from '../volunteers/organization-picker';
import { exportLanguage } from './downloads';

type Certificate = Extract<ConsoleCertificatesQuery['node'], { certificates: unknown }>['certificates']['edges'][number]['node'];

/** A volunteer picker that asks the API as one types (name or the last 4 digits of the mobile). */
function VolunteerSelect({ value, onChange }: { value?: string; onChange?: (id: string) => void }) {
  const { run } = useSession();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const search = (text: string) => {
    if (!text.trim()) return;
    run(ConsoleVolunteerSearchDocument, { search: text.trim() }).then(
      (data) => setOptions(data.volunteers.edges.map(({ node }) => ({ value: node.id, label: `${node.name} ${node.mobile}` }))), () => setOptions([]));
  };
  return <Select showSearch value={value} onChange={onChange} onSearch={search} filterOption={false} options={options} style={{ minWidth: 220 }} data-testid="certificate-volunteer" />;
}

/** Issue a volunteer's certificate of service for a period, and the organization's certificates to print or download. */
export function Certificates() {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const { language } = useLanguage();
  const { run } = useSession();
  const { message } = App.useApp();
  const failure = useFailure();
  const [organizationId, setOrganizationId] = useState<string>();
  const [certificates, setCertificates] = useState<Certificate[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    if (!organizationId) return;
    run(ConsoleCertificatesDocument, { organizationId, language: exportLanguage(language) }).then(
      (data) => setCertificates(data.node && 'certificates' in data.node ? data.node.certificates.edges.map((e) => e.node) : []),
      (error) => { setCertificates([]); failure(error); });
  }, [organizationId, language, run, failure]);
  useEffect(load, [load]);

  const issue = async ({ volunteerId, period }: { volunteerId: string; period: [Dayjs, Dayjs] }) => {
    setBusy(true);
    try {
      const range = { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') };
      const { issueCertificate } = await run(ConsoleIssueCertificateDocument, { input: { organizationId, volunteerId, period: range } });
      void message.success(intl.formatMessage({ id: 'hours.issued' }, { number: issueCertificate.number, name: issueCertificate.volunteer?.name ?? '' }));
      load();
    } catch (error) {
      failure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <OrganizationPicker value={organizationId} onChange={setOrganizationId} testId="certificate-organization" />
      <Card size="small" title={t('hours.issue')}>
        <Form layout="inline" onFinish={issue} disabled={busy || !organizationId}>
          <Form.Item name="volunteerId" label={t('hours.volunteer')} rules={[{ required: true, message: t('hours.volunteerRequired') }]}><VolunteerSelect /></Form.Item>
          <Form.Item name="period" label={t('hours.period')} rules={[{ required: true, message: t('hours.periodRequired') }]}><DatePicker.RangePicker data-testid="certificate-period" /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="certificate-issue">{t('hours.issueSubmit')}</Button>
        </Form>
      </Card>
      <Table<Certificate> rowKey="id" size="small" loading={organizationId != null && certificates === null} dataSource={certificates ?? []} pagination={false} scroll={{ x: true }}
        data-testid="certificates" columns={[
          { title: t('hours.certificateNumber'), dataIndex: 'number' },
          { title: t('hours.volunteer'), render: (_, c) => c.volunteer?.name ?? '—' },
          { title: t('hours.period'), render: (_, c) => `${c.periodFrom} ~ ${c.periodTo}` },
          { title: t('hours.hours'), render: (_, c) => c.content.hours },
          { title: t('hours.issuedAt'), render: (_, c) => dateTime(language, c.issuedAt) },
          { title: '', render: (_, c) => (
            <Space>
              {c.superseded && <Tag>{t('hours.superseded')}</Tag>}
              <a href={c.htmlUrl} target="_blank" rel="noreferrer" data-testid={`certificate-print-${c.number}`}><PrinterOutlined /> {t('hours.print')}</a>
              <a href={c.pdfUrl} target="_blank" rel="noreferrer" data-testid={`certificate-pdf-${c.number}`}><FilePdfOutlined /> PDF</a>
            </Space>
          ) },
        ]} />
    </Space>
  );
}
