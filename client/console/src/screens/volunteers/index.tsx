import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { ImportOutlined, UserAddOutlined } from '@ant-design/icons';
import { ConsoleOrganizationTeamsDocument, ConsoleVolunteerSearchDocument, type ConsoleVolunteerSearchQuery, type VolunteerStatus } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import { OrganizationPicker } from './organization-picker';
import { StatusTag } from './status';

type Row = ConsoleVolunteerSearchQuery['volunteers']['edges'][number]['node'];
interface Filters { search: string; organizationId?: string; teamId?: string; status?: VolunteerStatus }
const STATUSES: VolunteerStatus[] = ['ACTIVE', 'PENDING', 'SUSPENDED', 'ARCHIVED'];

/** The teams of the chosen organization, for the team filter. */
function useTeams(organizationId: string | undefined) {
  const { run } = useSession();
  const [teams, setTeams] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (!organizationId) return setTeams([]);
    run(ConsoleOrganizationTeamsDocument, { id: organizationId }).then(
      (data) => setTeams(data.node && 'teams' in data.node ? data.node.teams : []), () => setTeams([]));
  }, [organizationId, run]);
  return teams;
}

/** Search the volunteers the viewer may see: by name or the last 4 digits of the mobile, within an organization, team or status. */
export default function Volunteers() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { run } = useSession();
  const failure = useFailure();
  const [filters, setFilters] = useState<Filters>({ search: '' });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const teams = useTeams(filters.organizationId);

  // Only the latest search's answer is shown: an earlier one arriving late is dropped.
  const latest = useRef(0);
  const [answered, setAnswered] = useState<string | null>(null);
  const load = useCallback(async (after: string | null) => {
    const request = ++latest.current;
    if (!after) setRows(null);
    try {
      const { volunteers } = await run(ConsoleVolunteerSearchDocument, { ...filters, search: filters.search.trim() || null, after });
      if (request !== latest.current) return;
      setAnswered(filters.search);
      setRows((current) => [...(after ? current ?? [] : []), ...volunteers.edges.map((e) => e.node)]);
      setTotal(volunteers.totalCount);
      setNext(volunteers.pageInfo.hasNextPage ? volunteers.pageInfo.endCursor ?? null : null);
    } catch (error) {
      if (request !== latest.current) return;
      setRows([]);
      setAnswered(filters.search);
      failure(error);
    }
  }, [run, filters, failure]);
  useEffect(() => { void load(null); }, [load]);

  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, ...change }));
  return (
    <Card title={<FormattedMessage id="volunteers.title" />} size="small" extra={
      <Space wrap>
        <Button icon={<UserAddOutlined />} onClick={() => navigate('/volunteers/new')} data-testid="volunteers-register"><FormattedMessage id="volunteers.register" /></Button>
        <Button icon={<ImportOutlined />} onClick={() => navigate('/volunteers/import')} data-testid="volunteers-import"><FormattedMessage id="volunteers.import" /></Button>
      </Space>
    }>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={intl.formatMessage({ id: 'volunteers.searchHint' })} data-testid="volunteer-search"
          onSearch={(search) => set({ search })} style={{ width: 260 }} />
        <OrganizationPicker allowClear value={filters.organizationId} onChange={(organizationId) => set({ organizationId, teamId: undefined })} testId="volunteer-organization" />
        <Select allowClear value={filters.teamId} onChange={(teamId) => set({ teamId })} style={{ minWidth: 160 }} disabled={!filters.organizationId}
          placeholder={intl.formatMessage({ id: 'volunteers.team' })} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        <Select allowClear value={filters.status} onChange={(status) => set({ status })} style={{ minWidth: 120 }}
          placeholder={intl.formatMessage({ id: 'volunteers.status' })}
          options={STATUSES.map((s) => ({ value: s, label: intl.formatMessage({ id: `volunteers.status.${s}` }) }))} />
      </Space>
      <Table<Row> rowKey="id" size="small" loading={rows === null} dataSource={rows ?? []} pagination={false} scroll={{ x: true }} data-testid="volunteer-results" data-ready={rows !== null} data-search={answered ?? undefined}
        footer={() => (
          <Space>
            <FormattedMessage id="volunteers.total" values={{ total }} />
            {next && <Button size="small" onClick={() => void load(next)}><FormattedMessage id="volunteers.more" /></Button>}
          </Space>
        )}
        columns={[
          { title: intl.formatMessage({ id: 'volunteers.name' }), dataIndex: 'name', render: (name: string, row) => <Link to={`/volunteers/${row.id}`}>{name}</Link> },
          { title: intl.formatMessage({ id: 'volunteers.mobile' }), dataIndex: 'mobile' },
          { title: intl.formatMessage({ id: 'volunteers.status' }), dataIndex: 'status', render: (status: VolunteerStatus) => <StatusTag status={status} /> },
          { title: intl.formatMessage({ id: 'volunteers.partyMember' }), dataIndex: 'partyMember', render: (yes: boolean) => (yes ? <Tag color="red"><FormattedMessage id="volunteers.party" /></Tag> : null) },
          { title: intl.formatMessage({ id: 'volunteers.skills' }), dataIndex: 'skills', render: (skills: string[]) => skills.join('、') },
          { title: intl.formatMessage({ id: 'volunteers.registeredBy' }), dataIndex: ['registeredBy', 'name'] },
        ]} />
    </Card>
  );
}
