import { useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Alert, Button, Card, Progress, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { VOLUNTEER_COLUMNS, type ColumnMap, type Field } from '../../../../cli/import/columns';
import type { Sheet } from '../../../../cli/import/read-sheet';
import { ConsoleRegisterVolunteersDocument } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure, useFailureText } from '../../shell/feedback';
import { OrganizationPicker } from './organization-picker';
import { downloadCsv, readSheetFile } from './sheet';
import { columnName, isReported, prepareRows, type RowOutcome } from './import-rows';

/** The fields the console imports (a sheet's grid and team columns are for `gridroster import volunteers`). */
const FIELDS: Field[] = ['name', 'mobile', 'idNumber', 'partyMember', 'skills'];
/** Rows per registerVolunteers call: small enough for a steady progress bar, well under the API's 1,000. */
const BATCH = 200;

/** Which field each column feeds (null: not imported), first as the headers say. */
function guessMapping(header: string[]): (Field | null)[] {
  const { index } = VOLUNTEER_COLUMNS.mapColumns(header, new Map());
  return header.map((_, i) => FIELDS.find((f) => index[f] === i) ?? null);
}

const columnsOf = (mapping: (Field | null)[]): ColumnMap => ({
  index: Object.fromEntries(mapping.flatMap((field, i) => (field ? [[field, i]] : []))), unknown: [],
});

/** Import a CSV/XLSX sheet of volunteers: the column mapping previewed, rows sent in batches, every row's fate, the rejected rows as a CSV report. */
export default function ImportVolunteers() {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const { run } = useSession();
  const failure = useFailure();
  const failureText = useFailureText();
  const [organizationId, setOrganizationId] = useState<string>();
  const [file, setFile] = useState<{ name: string; sheet: Sheet } | null>(null);
  const [mapping, setMapping] = useState<(Field | null)[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const [outcomes, setOutcomes] = useState<RowOutcome[] | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);
  const columns = useMemo(() => columnsOf(mapping), [mapping]);
  const missing = (['name', 'mobile'] as const).filter((f) => columns.index[f] == null);

  const choose = async (chosen: File) => {
    setOutcomes(null); setDone(null); setStopped(null);
    try {
      const sheet = await readSheetFile(chosen);
      setFile({ name: chosen.name, sheet });
      setMapping(guessMapping(sheet.header));
    } catch (error) {
      setFile(null);
      failure(error);
    }
  };

  const start = async () => {
    if (!file || !organizationId) return;
    const { outgoing, refused } = prepareRows(file.sheet, columns);
    const answered: RowOutcome[] = [];
    setDone(refused.length); setOutcomes(null); setStopped(null);
    try {
      for (let from = 0; from < outgoing.length; from += BATCH) {
        const batch = outgoing.slice(from, from + BATCH);
        const { registerVolunteers } = await run(ConsoleRegisterVolunteersDocument, { organizationId, volunteers: batch.map((r) => r.volunteer) });
        for (const result of registerVolunteers.results) {
          const row = batch[result.row];
          answered.push({ sheetRow: row.sheetRow, name: row.volunteer.name, mobile: row.volunteer.mobile, result, sameAsSheetRow: result.sameAsRow == null ? undefined : batch[result.sameAsRow].sheetRow });
        }
        setDone(refused.length + from + batch.length);
      }
    } catch (error) {
      // A batch the server refused whole (e.g. no right over the organization): the rows after it were not sent.
      setStopped(failureText(error));
    }
    setDone((current) => current ?? 0);
    setOutcomes([...refused, ...answered].sort((a, b) => a.sheetRow - b.sheetRow));
  };

  const reason = (o: RowOutcome) => {
    if (o.local) return t(`volunteers.problem.${o.local.problem}`, { value: o.local.value });
    if (o.result?.outcome === 'SAME_AS_ROW') return t('volunteers.sameAsRow', { row: o.sameAsSheetRow ?? '' });
    return o.result?.message ?? '';
  };
  const outcomeLabel = (o: RowOutcome) => t(`volunteers.outcome.${o.local ? 'REFUSED' : o.result!.outcome}`);
  const reported = outcomes?.filter(isReported) ?? [];

  const downloadReport = () => {
    const header = ['row', 'name', 'mobile', 'result', 'column', 'reason'].map((k) => t(`volunteers.report.${k}`));
    const lines = reported.map((o) => [o.sheetRow, o.name, o.mobile, outcomeLabel(o), columnName(file!.sheet, columns, o.local?.field ?? o.result?.errorField), reason(o)]);
    downloadCsv(`${file!.name.replace(/\.[^.]+$/, '')}.report.csv`, [header, ...lines]);
  };

  const total = file?.sheet.rows.length ?? 0;
  const running = done !== null && outcomes === null;
  const percent = total && done !== null ? Math.round((100 * done) / total) : 100;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<FormattedMessage id="volunteers.import" />} size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <OrganizationPicker value={organizationId} onChange={setOrganizationId} testId="import-organization" />
          <Upload.Dragger accept=".csv,.xlsx" showUploadList={false} disabled={running} beforeUpload={(chosen) => { void choose(chosen); return false; }} data-testid="import-file">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p>{file ? <FormattedMessage id="volunteers.importChosen" values={{ name: file.name, rows: total, encoding: file.sheet.encoding }} /> : <FormattedMessage id="volunteers.importPick" />}</p>
          </Upload.Dragger>
        </Space>
      </Card>
      {file && (
        <Card title={<FormattedMessage id="volunteers.mapping" />} size="small">
          <Table rowKey="i" size="small" pagination={false} scroll={{ x: true }} data-testid="import-mapping"
            dataSource={file.sheet.header.map((header, i) => ({ i, header }))} columns={[
              { title: t('volunteers.mappingColumn'), dataIndex: 'header' },
              { title: t('volunteers.mappingField'), render: (_, { i }) => (
                <Select value={mapping[i] ?? ''} style={{ minWidth: 140 }} disabled={running} data-testid={`mapping-${i}`}
                  onChange={(field) => setMapping((m) => m.map((f, j) => (j === i ? (field || null) as Field | null : f === field ? null : f)))}
                  options={[{ value: '', label: t('volunteers.mappingIgnored') }, ...FIELDS.map((f) => ({ value: f, label: t(`volunteers.field.${f}`) }))]} />
              ) },
              { title: t('volunteers.mappingSample'), render: (_, { i }) => file.sheet.rows.slice(0, 2).map((r) => String(r.cells[i] ?? '')).join(' / ') },
            ]} />
          {missing.length > 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="import-missing"
            message={t('volunteers.mappingMissing', { fields: missing.map((f) => t(`volunteers.field.${f}`)).join('、') })} />}
          <Button type="primary" style={{ marginTop: 12 }} disabled={missing.length > 0 || !organizationId || total === 0} loading={running} onClick={() => void start()} data-testid="import-start">
            <FormattedMessage id="volunteers.importStart" values={{ rows: total }} />
          </Button>
          {done !== null && (
            <div data-testid="import-progress" data-percent={percent}>
              <Progress percent={percent} status={stopped ? 'exception' : outcomes ? 'success' : 'active'} />
            </div>
          )}
        </Card>
      )}
      {outcomes && (
        <Card size="small" title={<FormattedMessage id="volunteers.outcomes" />} data-testid="import-outcomes" extra={reported.length > 0 && (
          <Button icon={<DownloadOutlined />} onClick={downloadReport} data-testid="import-report"><FormattedMessage id="volunteers.reportDownload" values={{ rows: reported.length }} /></Button>
        )}>
          {stopped && <Alert type="error" showIcon message={stopped} style={{ marginBottom: 12 }} data-testid="import-stopped" />}
          <Space wrap size="large" style={{ marginBottom: 12 }}>
            <Statistic title={t('volunteers.importRegistered')} value={outcomes.filter((o) => o.result && !isReported(o)).length} />
            <Statistic title={t('volunteers.importNotImported')} value={reported.length} />
          </Space>
          <Table<RowOutcome> rowKey="sheetRow" size="small" scroll={{ x: true }} dataSource={outcomes} pagination={{ pageSize: 50, hideOnSinglePage: true }} columns={[
            { title: t('volunteers.report.row'), dataIndex: 'sheetRow' },
            { title: t('volunteers.report.name'), dataIndex: 'name' },
            { title: t('volunteers.report.result'), render: (_, o) => <Tag color={isReported(o) ? 'red' : 'green'}>{outcomeLabel(o)}</Tag> },
            { title: t('volunteers.report.reason'), render: (_, o) => <Typography.Text type={isReported(o) ? 'danger' : undefined}>{reason(o)}</Typography.Text> },
          ]} />
        </Card>
      )}
    </Space>
  );
}
