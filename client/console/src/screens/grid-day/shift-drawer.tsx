import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { App, Button, Descriptions, Drawer, Popconfirm, Space, Table, Tag } from 'antd';
import { AssignVolunteerDocument, CancelAssignmentDocument, CheckInDocument, CheckOutDocument, MarkNoShowDocument } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import { clock, dateTime } from '../../time';
import { seatCounts, type DayShift, type RosterLine } from './day-data';
import { VolunteerPicker } from './volunteer-picker';
import { CheckInCode } from './check-in-code';

const STATUS_COLOURS: Record<string, string> = { ASSIGNED: 'blue', CHECKED_IN: 'green', COMPLETED: 'default', WAITLISTED: 'gold', NO_SHOW: 'red' };

/** One shift: its seats and waitlist in order, what can be done to each line, seating someone, the check-in QR code. */
export function ShiftDrawer({ shift, wide, onClose, onChanged }: { shift: DayShift | null; wide: boolean; onClose: () => void; onChanged: () => void }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (key: string, action: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await action();
    } catch (error) {
      failure(error);
    } finally {
      setBusy(null);
      onChanged();
    }
  };

  const assign = (volunteerId: string, name: string) => act('assign', async () => {
    const emptyBefore = shift ? seatCounts(shift).empty : 0;
    const { assignVolunteer } = await run(AssignVolunteerDocument, { shiftId: shift!.id, volunteerId, idempotencyKey: crypto.randomUUID() });
    if (assignVolunteer.status === 'WAITLISTED') {
      const id = emptyBefore > 0 ? 'day.filledWhileLooking' : 'day.waitlisted';
      void message.warning(intl.formatMessage({ id }, { name, position: assignVolunteer.waitlistPosition ?? '?' }));
    } else void message.success(intl.formatMessage({ id: 'day.assigned' }, { name }));
  });

  const actions = (line: RosterLine) => {
    const buttons = [];
    const button = (key: string, label: string, action: () => Promise<unknown>, danger = false) => (
      <Button key={key} size="small" danger={danger} loading={busy === `${key}-${line.id}`} data-testid={`${key}-${line.id}`}
        onClick={() => void act(`${key}-${line.id}`, action)}><FormattedMessage id={label} /></Button>
    );
    const key = () => crypto.randomUUID();
    if (line.status === 'ASSIGNED') {
      buttons.push(button('check-in', 'day.checkIn', () => run(CheckInDocument, { assignmentId: line.id, idempotencyKey: key() })));
      buttons.push(button('no-show', 'day.noShow', () => run(MarkNoShowDocument, { assignmentId: line.id })));
    }
    if (line.status === 'CHECKED_IN') buttons.push(button('check-out', 'day.checkOut', () => run(CheckOutDocument, { assignmentId: line.id, idempotencyKey: key() })));
    if (['ASSIGNED', 'WAITLISTED', 'CHECKED_IN'].includes(line.status)) {
      buttons.push(
        <Popconfirm key="cancel" title={intl.formatMessage({ id: 'day.cancelConfirm' }, { name: line.volunteer.name })}
          onConfirm={() => act(`cancel-${line.id}`, () => run(CancelAssignmentDocument, { id: line.id }))}>
          <Button size="small" danger data-testid={`cancel-${line.id}`}><FormattedMessage id="day.cancel" /></Button>
        </Popconfirm>,
      );
    }
    return <Space wrap size={4}>{buttons}</Space>;
  };

  const counts = shift ? seatCounts(shift) : null;
  return (
    <Drawer open={shift !== null} onClose={onClose} width={wide ? 720 : '100%'} title={shift?.title} destroyOnClose data-testid="shift-drawer">
      {shift && counts && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={wide ? 2 : 1}>
            <Descriptions.Item label={intl.formatMessage({ id: 'day.time' })}>{dateTime(intl.locale, shift.startsAt)} – {clock(intl.locale, shift.endsAt)}</Descriptions.Item>
            <Descriptions.Item label={intl.formatMessage({ id: 'day.place' })}>{shift.location ?? shift.grid.name}</Descriptions.Item>
            <Descriptions.Item label={intl.formatMessage({ id: 'day.seats' })}>
              <span data-testid="drawer-seats"><FormattedMessage id="day.seatsLine" values={{ ...counts, capacity: shift.capacity }} /></span>
            </Descriptions.Item>
            {shift.requiredSkills.length > 0 && <Descriptions.Item label={intl.formatMessage({ id: 'day.skills' })}>{shift.requiredSkills.join(', ')}</Descriptions.Item>}
            {shift.requiresPartyMember && <Descriptions.Item label={intl.formatMessage({ id: 'day.partyPost' })}><FormattedMessage id="day.partyPostYes" /></Descriptions.Item>}
          </Descriptions>
          {shift.status === 'OPEN' && <VolunteerPicker shift={shift} busy={busy === 'assign'} onPick={assign} />}
          <Table<RosterLine> size="small" rowKey="id" pagination={false} dataSource={shift.roster} data-testid="roster" scroll={{ x: true }}
            locale={{ emptyText: intl.formatMessage({ id: 'day.rosterEmpty' }) }}
            columns={[
              { title: intl.formatMessage({ id: 'day.volunteer' }), render: (_, line) => <span data-testid={`line-${line.id}`}>{line.volunteer.name}</span> },
              { title: intl.formatMessage({ id: 'day.status' }), render: (_, line) => (
                <Tag color={STATUS_COLOURS[line.status]} data-testid={`status-${line.id}`} data-status={line.status}>
                  <FormattedMessage id={`day.status.${line.status}`} />{line.status === 'WAITLISTED' && line.waitlistPosition != null ? ` #${line.waitlistPosition}` : ''}
                </Tag>
              ) },
              { title: intl.formatMessage({ id: 'day.actions' }), render: (_, line) => actions(line) },
            ]} />
          <CheckInCode shiftId={shift.id} />
        </Space>
      )}
    </Drawer>
  );
}
