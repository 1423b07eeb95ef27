import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { ConsoleVolunteerRecordDocument, type ConsoleVolunteerRecordQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isNotFound } from '../../api/errors';
import { useLanguage } from '../../i18n/language';
import { useFailure } from '../../shell/feedback';
import { dateTime } from '../../time';
import NotFound from '../not-found';
import { StatusTag } from './status';

type Volunteer = Extract<ConsoleVolunteerRecordQuery['node'], { name: string }>;
type Shift = Volunteer['assignments']['edges'][number]['node'];
type Certificate = Volunteer['certificates']['edges'][number]['node'];

/** One person as the viewer may see them: masked numbers as the API gives them, teams, shifts, hours, certificates. */
export default function VolunteerRecord() {
  const intl = useIntl();
  const { language } = useLanguage();
  const { id = '' } = useParams();
  const { run } = useSession();
  const failure = useFailure();
  const [volunteer, setVolunteer] = useState<Volunteer | null | undefined>(undefined);

  useEffect(() => {
    setVolunteer(undefined);
    run(ConsoleVolunteerRecordDocument, { id }).then(
      (data) => setVolunteer(data.node && 'name' in data.node ? (data.node as Volunteer) : null),
      (error) => { setVolunteer(null); if (!isNotFound(error)) failure(error); },
    );
  }, [id, run, failure]);

  if (volunteer === undefined) return <Spin />;
  if (volunteer === null) return <NotFound />;
  const t = (key: string) => intl.formatMessage({ id: key });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="volunteer-record">
      <Card title={volunteer.name} size="small" extra={<StatusTag status={volunteer.status} />}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('volunteers.mobile')}><span data-testid="record-mobile">{volunteer.mobile}</span></Descriptions.Item>
          <Descriptions.Item label={t('volunteers.idNumber')}>{volunteer.idNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.partyMember')}>{t(volunteer.partyMember ? 'volunteers.yes' : 'volunteers.no')}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.skills')}>{volunteer.skills.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.registeredBy')}>{volunteer.registeredBy?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.hours')}>
            <span data-testid="record-hours"><FormattedMessage id="volunteers.hoursValue" values={volunteer.hours} /></span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('volunteers.teams')} size="small">
        <Space wrap>{volunteer.teams.length === 0 ? '—' : volunteer.teams.map((m) => (
          <Tag key={m.team.id} color={m.role === 'LEADER' ? 'blue' : undefined}>{m.team.name}{m.role === 'LEADER' ? ` · ${t('volunteers.leader')}` : ''}</Tag>
        ))}</Space>
      </Card>
      <Card title={<FormattedMessage id="volunteers.shifts" values={{ total: volunteer.assignments.totalCount }} />} size="small">
        <Table<Shift> rowKey="id" size="small" pagination={false} scroll={{ x: true }} dataSource={volunteer.assignments.edges.map((e) => e.node)} columns={[
          { title: t('volunteers.shift'), render: (_, a) => a.shift.title },
          { title: t('volunteers.place'), render: (_, a) => a.shift.grid.name },
          { title: t('volunteers.when'), render: (_, a) => dateTime(language, a.shift.startsAt) },
          { title: t('volunteers.assignment'), render: (_, a) => t(`volunteers.assignment.${a.status}`) },
          { title: t('volunteers.hours'), dataIndex: 'hours', render: (hours: number | null) => hours ?? '—' },
        ]} />
      </Card>
      <Card title={t('volunteers.certificates')} size="small">
        <Table<Certificate> rowKey="id" size="small" pagination={false} dataSource={volunteer.certificates.edges.map((e) => e.node)} columns={[
          { title: t('volunteers.certificateNumber'), dataIndex: 'number' },
          { title: t('volunteers.period'), render: (_, c) => `${c.periodFrom} ~ ${c.periodTo}` },
          { title: '', render: (_, c) => (c.superseded ? <Tag><FormattedMessage id="volunteers.superseded" /></Tag> : <a href={c.pdfUrl} target="_blank" rel="noreferrer">PDF</a>) },
        ]} />
      </Card>
    </Space>
  );
}
