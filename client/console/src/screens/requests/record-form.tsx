import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Alert, Button, Form, Input, InputNumber, Radio, Result, Select, Space, Switch } from 'antd';
import { ConsoleRecordRequestDocument, type ConsoleRecordRequestMutation, type ServiceRequestKind, type Urgency } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailureText } from '../../shell/feedback';
import { shanghaiDate, shanghaiInstant } from '../../time';
import { KINDS, URGENCIES } from './labels';

interface Fields {
  kind: ServiceRequestKind;
  urgency: Urgency;
  items?: string[];
  packagePrice?: number | null;
  paid?: boolean;
  people?: number;
  windowFrom?: string;
  windowTo?: string;
  details?: string;
  collectedOn?: string;
  collectedAt?: string;
}

type Recorded = ConsoleRecordRequestMutation['recordServiceRequest'];

/** Today, tomorrow or the day after, as words; another day as its date. */
function dayWord(day: string): string | null {
  const offset = Math.round((Date.parse(day) - Date.parse(shanghaiDate())) / 86_400_000);
  return offset >= 0 && offset <= 2 ? `requests.day.${offset}` : null;
}

/** The need of one household: what, how urgent, when; the answer is the day the grid's cut-off plans it for. */
export function RecordRequest({ householdId }: { householdId: string }) {
  const intl = useIntl();
  const { run } = useSession();
  const failureText = useFailureText();
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const kind = Form.useWatch('kind', form);

  const submit = async (fields: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const { recordServiceRequest } = await run(ConsoleRecordRequestDocument, { input: {
        householdId, kind: fields.kind, urgency: fields.urgency, details: fields.details || null,
        items: fields.items ?? [], packagePrice: fields.packagePrice ?? null, paid: fields.paid ?? false, people: fields.people ?? 1,
        windowFrom: fields.windowFrom || null, windowTo: fields.windowTo || null,
        // A paper order typed in later: the cut-off applies to when it was taken.
        collectedAt: fields.collectedOn ? shanghaiInstant(fields.collectedOn, fields.collectedAt || '12:00').toISOString() : null,
      } });
      setRecorded(recordServiceRequest);
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  if (recorded) {
    const word = dayWord(recorded.plannedFor);
    return (
      <Result status="success" title={<FormattedMessage id="requests.recorded" />}
        subTitle={<span data-testid="planned-for" data-day={recorded.plannedFor}>
          <FormattedMessage id="requests.plannedFor" values={{ day: recorded.plannedFor, word: word ? intl.formatMessage({ id: word }) : '' }} />
        </span>}
        extra={<Button onClick={() => { setRecorded(null); form.resetFields(); }} data-testid="record-another"><FormattedMessage id="requests.recordAnother" /></Button>} />
    );
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'HOME_DELIVERY', urgency: 'ROUTINE', people: 1, paid: false }}>
      <Form.Item name="kind" label={intl.formatMessage({ id: 'requests.field.kind' })}>
        <Select data-testid="request-kind" options={KINDS.map((k) => ({ value: k, label: intl.formatMessage({ id: `requests.kind.${k}` }) }))} />
      </Form.Item>
      <Form.Item name="urgency" label={intl.formatMessage({ id: 'requests.field.urgency' })}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="request-urgency"
          options={URGENCIES.map((u) => ({ value: u, label: intl.formatMessage({ id: `requests.urgency.${u}` }) }))} />
      </Form.Item>
      {kind === 'HOME_DELIVERY' && (
        <>
          <Form.Item name="items" label={intl.formatMessage({ id: 'requests.field.items' })}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} data-testid="request-items" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="packagePrice" label={intl.formatMessage({ id: 'requests.field.packagePrice' })}>
              <InputNumber min={0} max={10000} addonAfter="¥" data-testid="request-price" />
            </Form.Item>
            <Form.Item name="paid" label={intl.formatMessage({ id: 'requests.field.paid' })} valuePropName="checked">
              <Switch data-testid="request-paid" />
            </Form.Item>
          </Space>
        </>
      )}
      <Form.Item name="details" label={intl.formatMessage({ id: 'requests.field.details' })}>
        <Input.TextArea rows={2} maxLength={500} data-testid="request-details" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="windowFrom" label={intl.formatMessage({ id: 'requests.field.windowFrom' })}>
          <Input type="time" data-testid="window-from" />
        </Form.Item>
        <Form.Item name="windowTo" label={intl.formatMessage({ id: 'requests.field.windowTo' })}>
          <Input type="time" data-testid="window-to" />
        </Form.Item>
        <Form.Item name="people" label={intl.formatMessage({ id: 'requests.field.people' })}>
          <InputNumber min={1} max={50} data-testid="request-people" />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="collectedOn" label={intl.formatMessage({ id: 'requests.field.collectedOn' })} extra={intl.formatMessage({ id: 'requests.field.collectedHint' })}>
          <Input type="date" data-testid="collected-on" />
        </Form.Item>
        <Form.Item name="collectedAt" label={intl.formatMessage({ id: 'requests.field.collectedAt' })}>
          <Input type="time" data-testid="collected-at" />
        </Form.Item>
      </Space>
      {error && <Alert type="error" showIcon message={<span data-testid="record-error">{error}</span>} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="record-submit"><FormattedMessage id="requests.submit" /></Button>
    </Form>
  );
}
