import { FormattedMessage, useIntl } from 'react-intl';
import { Card, Empty, Space, Tag, Typography } from 'antd';
import { clock, shanghaiInstant } from '../../time';
import { postsOf, seatCounts, type DayShift } from './day-data';

const DAY_MS = 86_400_000;

/** Where a shift sits on the day's 24 hours, as percentages (clipped to the day). */
function span(shift: DayShift, date: string): { left: number; width: number } {
  const start = shanghaiInstant(date).getTime();
  const from = Math.max(0, new Date(shift.startsAt).getTime() - start);
  const to = Math.min(DAY_MS, new Date(shift.endsAt).getTime() - start);
  return { left: (from / DAY_MS) * 100, width: Math.max(2, ((to - from) / DAY_MS) * 100) };
}

function Seats({ shift }: { shift: DayShift }) {
  const counts = seatCounts(shift);
  return (
    <Space size={4} wrap data-testid={`seats-${shift.id}`} data-filled={counts.filled} data-empty={counts.empty}
      data-checked-in={counts.checkedIn} data-waitlisted={counts.waitlisted}>
      <Tag color="blue"><FormattedMessage id="day.seats.filled" values={{ n: counts.filled, of: shift.capacity }} /></Tag>
      {counts.empty > 0 && <Tag><FormattedMessage id="day.seats.empty" values={{ n: counts.empty }} /></Tag>}
      {counts.checkedIn > 0 && <Tag color="green"><FormattedMessage id="day.seats.checkedIn" values={{ n: counts.checkedIn }} /></Tag>}
      {counts.waitlisted > 0 && <Tag color="gold"><FormattedMessage id="day.seats.waitlisted" values={{ n: counts.waitlisted }} /></Tag>}
    </Space>
  );
}

/** One shift as a block: its time, title and seats; cancelled shifts struck through. */
function ShiftBlock({ shift, onOpen, style }: { shift: DayShift; onOpen: (id: string) => void; style?: React.CSSProperties }) {
  const { locale } = useIntl();
  const cancelled = shift.status === 'CANCELLED';
  return (
    <Card size="small" hoverable onClick={() => onOpen(shift.id)} data-testid={`shift-${shift.id}`} style={{ ...style, opacity: cancelled ? 0.5 : 1 }}
      styles={{ body: { padding: 8 } }}>
      <Typography.Text strong delete={cancelled}>{clock(locale, shift.startsAt)}–{clock(locale, shift.endsAt)}</Typography.Text>
      <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{shift.title}</div>
      <Seats shift={shift} />
    </Card>
  );
}

/**
 * Posts down, the day's hours across (on a wide screen); on a phone each post is a list of its
 * shifts in time order.
 */
export function Timeline({ shifts, date, wide, onOpen }: { shifts: DayShift[]; date: string; wide: boolean; onOpen: (id: string) => void }) {
  if (shifts.length === 0) return <Empty description={<FormattedMessage id="day.noShifts" />} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="timeline">
      {wide && (
        <div style={{ position: 'relative', height: 18, marginLeft: 160 }}>
          {[0, 3, 6, 9, 12, 15, 18, 21].map((hour) => (
            <span key={hour} style={{ position: 'absolute', left: `${(hour / 24) * 100}%`, fontSize: 12, color: '#888' }}>{String(hour).padStart(2, '0')}:00</span>
          ))}
        </div>
      )}
      {postsOf(shifts).map(({ post, shifts: list }) => wide ? (
        <div key={post} style={{ display: 'flex', alignItems: 'stretch', minHeight: 110 }} data-testid="post">
          <Typography.Text strong style={{ width: 160, flex: 'none', paddingTop: 8 }}>{post}</Typography.Text>
          <div style={{ position: 'relative', flex: 1, background: '#fafafa', borderRadius: 6 }}>
            {list.map((shift) => {
              const { left, width } = span(shift, date);
              return <ShiftBlock key={shift.id} shift={shift} onOpen={onOpen} style={{ position: 'absolute', top: 4, bottom: 4, left: `${left}%`, width: `calc(${width}% - 4px)`, overflow: 'hidden' }} />;
            })}
          </div>
        </div>
      ) : (
        <div key={post} data-testid="post">
          <Typography.Text strong>{post}</Typography.Text>
          <Space direction="vertical" style={{ width: '100%', marginTop: 4 }}>
            {list.map((shift) => <ShiftBlock key={shift.id} shift={shift} onOpen={onOpen} />)}
          </Space>
        </div>
      ))}
    </Space>
  );
}
