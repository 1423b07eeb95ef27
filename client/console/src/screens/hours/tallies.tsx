import { useEffect, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, DatePicker, Segmented, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ConsoleTallyDocument, ConsoleTallyExportDocument, type ConsoleTallyQuery, type ExportFormat, type TallyGroupBy, type TallyInput } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useLanguage } from '../../i18n/language';
import { useFailure } from '../../shell/feedback';
import { shanghaiDate } from '../../time';
import { OrganizationPicker } from '../volunteers/organization-picker';
import { TallyChart } from './tally-chart';
import { exportLanguage, openDownload } from './downloads';

type Row = ConsoleTallyQuery['tally'][number];
const GROUPS: TallyGroupBy[] = ['TEAM', 'GRID', 'DAY', 'DUTY'];
/** Hours and person-times of a period grouped by team, grid, day or duty: a chart, a table and the export. */
export function Tallies() {
  const intl = useIntl();
  const { language } = useLanguage();
  const { run } = useSession();
  const failure = useFailure();
  const today = dayjs(shanghaiDate());
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([today.subtract(29, 'day'), today]);
  const [groupBy, setGroupBy] = useState<TallyGroupBy>('TEAM');
  const [organizationId, setOrganizationId] = useState<string>();
  const [rows, setRows] = useState<Row[] | null>(null);
  const input = useMemo<TallyInput>(() => ({
    groupBy, organizationId, range: { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') },
  }), [groupBy, organizationId, period]);

  useEffect(() => {
    // A period or grouping changed while the last answer was on its way: that answer is dropped.
    let current = true;
    setRows(null);
    run(ConsoleTallyDocument, { input }).then((data) => { if (current) setRows(data.tally); }, (error) => { if (current) { setRows([]); failure(error); } });
    return () => { current = false; };
  }, [input, run, failure]);

  // Duties are named in the language on screen; teams, grids and days as the API names them.
  const shown = useMemo(() => (rows ?? []).map((r) => (groupBy === 'DUTY' ? { ...r, label: intl.formatMessage({ id: `hours.duty.${r.key}`, defaultMessage: r.label }) } : r)), [rows, groupBy, intl]);
  const names = useMemo(() => ({ hours: intl.formatMessage({ id: 'hours.hours' }), personTimes: intl.formatMessage({ id: 'hours.personTimes' }) }), [intl]);

  const exportAs = async (format: ExportFormat) => {
    try {
      const { tallyExport } = await run(ConsoleTallyExportDocument, { input, format, language: exportLanguage(language) });
      openDownload(tallyExport.url);
    } catch (error) {
      failure(error);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <OrganizationPicker allowClear value={organizationId} onChange={setOrganizationId} testId="tally-organization" />
        <DatePicker.RangePicker value={period} allowClear={false} onChange={(range) => range?.[0] && range[1] && setPeriod([range[0], range[1]])} />
        <Segmented<TallyGroupBy> value={groupBy} onChange={setGroupBy} data-testid="tally-group"
          options={GROUPS.map((g) => ({ value: g, label: intl.formatMessage({ id: `hours.by.${g}` }) }))} />
        <Button icon={<DownloadOutlined />} onClick={() => void exportAs('CSV')} data-testid="tally-export-csv">CSV</Button>
        <Button icon={<DownloadOutlined />} onClick={() => void exportAs('XLSX')} data-testid="tally-export-xlsx">XLSX</Button>
      </Space>
      <TallyChart rows={shown} line={groupBy === 'DAY'} names={names} />
      <Table<Row> rowKey="key" size="small" loading={rows === null} dataSource={shown} pagination={false} scroll={{ x: true }}
        data-testid="tally-table" data-ready={rows !== null}
        columns={[
          { title: intl.formatMessage({ id: `hours.by.${groupBy}` }), dataIndex: 'label' },
          { title: names.hours, dataIndex: 'hours', align: 'right' },
          { title: names.personTimes, dataIndex: 'personTimes', align: 'right' },
          { title: intl.formatMessage({ id: 'hours.volunteers' }), dataIndex: 'volunteers', align: 'right' },
        ]}
        summary={(data) => data.length > 0 && (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}><FormattedMessage id="hours.total" /></Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">{Math.round(data.reduce((sum, r) => sum + r.hours, 0) * 100) / 100}</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">{data.reduce((sum, r) => sum + r.personTimes, 0)}</Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
          </Table.Summary.Row>
        )} />
    </Space>
  );
}
