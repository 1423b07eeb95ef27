import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateShiftDocument, CreateShiftRotationDocument, type DutyType, type ShiftInput } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailureText } from '../../shell/feedback';
import { shanghaiInstant } from '../../time';

export type CreateKind = 'rotation' | 'shift';

const DUTIES: DutyType[] = ['CHECKPOINT', 'DISINFECTION', 'DOOR_TO_DOOR', 'ELDERLY_CARE', 'HOTLINE'];

interface Values {
  title: string; duty: DutyType; location?: string; capacity: number; requiresPartyMember?: boolean;
  shiftsPerDay?: number; days?: number; dayStartsAt?: Dayjs; startsAt?: Dayjs; endsAt?: Dayjs;
}

/** A rotation (24 hours in N shifts for D days from the date shown) or one shift, on this grid. */
export function CreateShifts({ kind, gridId, date, onClose, onCreated }: { kind: CreateKind; gridId: string; date: string; onClose: () => void; onCreated: () => void }) {
  const intl = useIntl();
  const { run } = useSession();
  const failureText = useFailureText();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = (id: string) => intl.formatMessage({ id });

  const submit = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    const at = (time: Dayjs) => shanghaiInstant(date, time.format('HH:mm'));
    const template: ShiftInput = {
      gridId, title: values.title.trim(), duty: values.duty, location: values.location?.trim() || null, capacity: values.capacity,
      requiresPartyMember: values.requiresPartyMember ?? false, startsAt: shanghaiInstant(date).toISOString(), endsAt: shanghaiInstant(date, '01:00').toISOString(),
    };
    try {
      if (kind === 'rotation') {
        await run(CreateShiftRotationDocument, { input: { template, startDate: date, days: values.days!, shiftsPerDay: values.shiftsPerDay!, dayStartsAt: values.dayStartsAt!.format('HH:mm') } });
      } else {
        let endsAt = at(values.endsAt!);
        // An end before the start is the next morning (a night shift).
        if (endsAt <= at(values.startsAt!)) endsAt = new Date(endsAt.getTime() + 86_400_000);
        await run(CreateShiftDocument, { input: { ...template, startsAt: at(values.startsAt!).toISOString(), endsAt: endsAt.toISOString() } });
      }
      onCreated();
      onClose();
    } catch (error) {
      setFailure(failureText(error));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: label('day.form.required') }];
  return (
    <Modal open title={label(kind === 'rotation' ? 'day.newRotation' : 'day.newShift')} onCancel={onClose} onOk={() => form.submit()}
      confirmLoading={busy} okText={label('day.form.create')} destroyOnClose data-testid="create-shifts">
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="create-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}
        initialValues={{ duty: 'CHECKPOINT', capacity: 2, shiftsPerDay: 4, days: 1, dayStartsAt: dayjs('2000-01-01T00:00'), startsAt: dayjs('2000-01-01T08:00'), endsAt: dayjs('2000-01-01T12:00') }}>
        <Form.Item name="title" label={label('day.form.title')} rules={required}><Input data-testid="form-title" /></Form.Item>
        <Form.Item name="location" label={label('day.form.location')}><Input data-testid="form-location" /></Form.Item>
        <Form.Item name="duty" label={label('day.form.duty')}>
          <Select options={DUTIES.map((duty) => ({ value: duty, label: label(`day.duty.${duty}`) }))} />
        </Form.Item>
        <Form.Item name="capacity" label={label('day.form.capacity')} rules={required}><InputNumber min={1} max={500} data-testid="form-capacity" /></Form.Item>
        {kind === 'rotation' ? (
          <>
            <Form.Item name="shiftsPerDay" label={label('day.form.shiftsPerDay')} rules={required}><InputNumber min={1} max={24} data-testid="form-shifts-per-day" /></Form.Item>
            <Form.Item name="days" label={label('day.form.days')} rules={required}><InputNumber min={1} max={366} data-testid="form-days" /></Form.Item>
            <Form.Item name="dayStartsAt" label={label('day.form.dayStartsAt')} rules={required}><TimePicker format="HH:mm" minuteStep={15} /></Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="startsAt" label={label('day.form.startsAt')} rules={required}><TimePicker format="HH:mm" minuteStep={15} data-testid="form-starts" /></Form.Item>
            <Form.Item name="endsAt" label={label('day.form.endsAt')} rules={required}><TimePicker format="HH:mm" minuteStep={15} data-testid="form-ends" /></Form.Item>
          </>
        )}
        <Form.Item name="requiresPartyMember" valuePropName="checked"><Checkbox><FormattedMessage id="day.partyPost" /></Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}
