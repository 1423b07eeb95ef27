import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Card, Descriptions, Space, Spin, Table } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { ConsoleCorrectionReportDocument, type ConsoleCorrectionReportQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';
import { useFailure } from '../../shell/feedback';
import { exportLanguage } from '../hours/downloads';

type Report = ConsoleCorrectionReportQuery['correctionServiceReport'];
type Item = Report['items'][number];

/** One participant's monthly report: every service line wherever it took place, printable, as PDF or CSV. */
export function MonthlyReport({ officeId, volunteerId, month }: { officeId: string; volunteerId: string; month: string }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const { language } = useLanguage();
  const { run } = useSession();
  const failure = useFailure();
  const [report, setReport] = useState<Report | null>(null);

  useEffect(() => {
    setReport(null);
    run(ConsoleCorrectionReportDocument, { officeId, volunteerId, month, language: exportLanguage(language) }).then(
      (data) => setReport(data.correctionServiceReport), failure);
  }, [officeId, volunteerId, month, language, run, failure]);

  if (!report) return <Spin />;
  return (
    <Card size="small" data-testid="correction-report" title={<FormattedMessage id="correction.report" values={{ name: report.volunteer.name, month: report.month }} />}
      extra={
        <Space>
          <a href={report.htmlUrl} target="_blank" rel="noreferrer"><PrinterOutlined /> {t('correction.print')}</a>
          <a href={report.pdfUrl} target="_blank" rel="noreferrer" data-testid="correction-report-pdf"><FilePdfOutlined /> PDF</a>
          <a href={report.exportUrl} download><DownloadOutlined /> CSV</a>
        </Space>
      }>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('correction.hours')}><span data-testid="correction-report-hours">{report.hours}</span></Descriptions.Item>
        <Descriptions.Item label={t('correction.personTimes')}>{report.personTimes}</Descriptions.Item>
      </Descriptions>
      <Table<Item> rowKey={(_, i) => String(i)} size="small" pagination={false} scroll={{ x: true }} dataSource={report.items} columns={[
        { title: t('correction.date'), dataIndex: 'date' },
        { title: t('correction.duty'), render: (_, item) => (item.duty ? t(`hours.duty.${item.duty}`) : t('correction.adjustment')) },
        { title: t('correction.place'), render: (_, item) => item.place ?? '—' },
        { title: t('correction.hours'), dataIndex: 'hours', align: 'right' },
        { title: t('correction.note'), render: (_, item) => item.note ?? '' },
      ]} />
    </Card>
  );
}
