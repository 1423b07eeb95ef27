import { useEffect, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Card, Col, DatePicker, Row, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { ConsoleCorrectionParticipantsDocument, type ConsoleCorrectionParticipantsQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useCorrectionOffices } from '../../api/roles';
import { isNotFound } from '../../api/errors';
import { useFailure } from '../../shell/feedback';
import { shanghaiDate } from '../../time';
import NotFound from '../not-found';
import { MonthlyReport } from './report';

type Office = Extract<ConsoleCorrectionParticipantsQuery['node'], { teams: unknown }>;
interface Participant { id: string; name: string; team: string; hours: number; personTimes: number }

/** The month's first and last day. */
const monthRange = (month: Dayjs) => ({ from: month.startOf('month').format('YYYY-MM-DD'), to: month.endOf('month').format('YYYY-MM-DD') });

/**
 * The correction office's own page: its participants, their month's service and monthly report. Only
 * its officers reach it; for anyone else it is the not-found page, and no request is even made.
 */
export default function CorrectionOffice() {
  const { account } = useSession();
  const offices = useCorrectionOffices(account);
  return offices.length === 0 ? <NotFound /> : <OfficeView offices={offices} />;
}

function OfficeView({ offices }: { offices: { id: string; name: string }[] }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [officeId, setOfficeId] = useState(offices[0].id);
  // The month is in the address (?month=2026-11), so a report can be linked to and reloaded.
  const [params, setParams] = useSearchParams();
  const month = useMemo(() => {
    const asked = params.get('month');
    return asked && /^\d{4}-\d{2}$/.test(asked) ? dayjs(`${asked}-01`) : dayjs(shanghaiDate());
  }, [params]);
  const setMonth = (chosen: Dayjs) => setParams({ month: chosen.format('YYYY-MM') });
  const [office, setOffice] = useState<Office | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    setOffice(null);
    run(ConsoleCorrectionParticipantsDocument, { officeId, range: monthRange(month) }).then(
      (data) => setOffice(data.node && 'teams' in data.node ? (data.node as Office) : null),
      (error) => { if (!isNotFound(error)) failure(error); });
  }, [officeId, month, run, failure]);

  const participants = useMemo<Participant[]>(() => (office?.teams ?? []).filter((team) => team.kind === 'COMMUNITY_CORRECTION').flatMap((team) =>
    team.members.map(({ volunteer }) => ({ id: volunteer.id, name: volunteer.name, team: team.name, ...volunteer.hours }))), [office]);
  const t = (id: string) => intl.formatMessage({ id });

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card size="small" title={<FormattedMessage id="correction.title" />}>
          <Space wrap style={{ marginBottom: 12 }}>
            {offices.length > 1 && <Select value={officeId} onChange={setOfficeId} options={offices.map((o) => ({ value: o.id, label: o.name }))} />}
            <DatePicker picker="month" value={month} allowClear={false} onChange={(m) => m && setMonth(m)} data-testid="correction-month" />
          </Space>
          <Table<Participant> rowKey={(p) => `${p.team}/${p.id}`} size="small" loading={office === null} dataSource={participants} pagination={false}
            data-testid="correction-participants" locale={{ emptyText: t('correction.none') }}
            onRow={(p) => ({ onClick: () => setChosen(p.id), style: { cursor: 'pointer' } })} columns={[
              { title: t('correction.participant'), dataIndex: 'name', render: (name: string, p) => <a data-testid={`participant-${p.id}`}>{name}</a> },
              { title: t('correction.team'), dataIndex: 'team' },
              { title: t('correction.hours'), dataIndex: 'hours', align: 'right' },
              { title: t('correction.personTimes'), dataIndex: 'personTimes', align: 'right' },
            ]} />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        {chosen && <MonthlyReport officeId={officeId} volunteerId={chosen} month={month.format('YYYY-MM')} />}
      </Col>
    </Row>
  );
}
