import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { Button, DatePicker, Grid, Space, Spin, Typography } from 'antd';
import { PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useFailure } from '../../shell/feedback';
import { shanghaiDate } from '../../time';
import NotFound from '../not-found';
import { useGridDay } from './day-data';
import { useLiveRoster } from './live';
import { StatusLight } from './status-light';
import { Timeline } from './timeline';
import { ShiftDrawer } from './shift-drawer';
import { CreateShifts, type CreateKind } from './create-shifts';

/** A grid's day: its posts and shifts on a timeline, kept live; a shift opens in a drawer to seat people. */
export default function GridDay() {
  const { gridId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : shanghaiDate();
  const failure = useFailure();
  const { day, reload, readNow } = useGridDay(gridId, date, failure);
  const light = useLiveRoster(gridId, reload);
  const wide = Grid.useBreakpoint().md ?? true;
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState<CreateKind | null>(null);

  if (day === null) return <NotFound />;
  const shift = day?.shifts.find((s) => s.id === open) ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="day-title">{day?.gridName ?? '…'}</Typography.Title>
          <DatePicker allowClear={false} value={dayjs(date)} onChange={(value) => value && setParams({ date: value.format('YYYY-MM-DD') })} data-testid="day-date" />
          <StatusLight light={light} />
        </Space>
        <Space wrap>
          <Button icon={<ScheduleOutlined />} onClick={() => setCreating('rotation')} data-testid="new-rotation"><FormattedMessage id="day.newRotation" /></Button>
          <Button icon={<PlusOutlined />} onClick={() => setCreating('shift')} data-testid="new-shift"><FormattedMessage id="day.newShift" /></Button>
        </Space>
      </Space>
      {day === undefined ? <Spin /> : <Timeline shifts={day.shifts} date={date} wide={wide} onOpen={setOpen} />}
      <ShiftDrawer shift={shift} wide={wide} onClose={() => setOpen(null)} onChanged={readNow} />
      {creating && <CreateShifts kind={creating} gridId={gridId} date={date} onClose={() => setCreating(null)} onCreated={readNow} />}
    </Space>
  );
}
