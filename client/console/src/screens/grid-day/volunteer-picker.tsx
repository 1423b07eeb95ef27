import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Card, Checkbox, Input, List, Select, Space, Tag } from 'antd';
import { ConsoleTeamsDocument, ConsoleVolunteerPickerDocument, type ConsoleVolunteerPickerQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailure } from '../../shell/feedback';
import type { DayShift } from './day-data';

type Candidate = ConsoleVolunteerPickerQuery['volunteers']['edges'][number]['node'];

interface Filters { search: string; teamId: string | null; skills: string[]; partyOnly: boolean; freeOnly: boolean }

/** Finds volunteers to seat: by name or the mobile's last 4 digits, team, skills, Party membership, and free at the shift's time. */
export function VolunteerPicker({ shift, busy, onPick }: { shift: DayShift; busy: boolean; onPick: (volunteerId: string, name: string) => void }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [filters, setFilters] = useState<Filters>({ search: '', teamId: null, skills: shift.requiredSkills, partyOnly: false, freeOnly: true });
  const [teams, setTeams] = useState<{ value: string; label: string }[]>([]);
  const [found, setFound] = useState<Candidate[] | null>(null);
  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, ...change }));

  useEffect(() => {
    run(ConsoleTeamsDocument).then((data) => setTeams(data.organizations.flatMap((org) => org.teams.map((team) => ({ value: team.id, label: `${team.name} · ${org.name}` })))), () => {});
  }, [run]);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      run(ConsoleVolunteerPickerDocument, {
        search: filters.search.trim() || null, teamId: filters.teamId, skills: filters.skills.length ? filters.skills : null,
        partyMember: filters.partyOnly ? true : null,
        ...(filters.freeOnly ? { freeFrom: shift.startsAt, freeTo: shift.endsAt } : {}),
      }).then((data) => { if (current) setFound(data.volunteers.edges.map((edge) => edge.node)); }, (error) => { if (current) failure(error); });
    }, 250);
    return () => { current = false; clearTimeout(timer); };
  }, [run, failure, filters, shift.startsAt, shift.endsAt]);

  return (
    <Card size="small" title={<FormattedMessage id="day.assignTitle" />} data-testid="volunteer-picker">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.Search allowClear placeholder={intl.formatMessage({ id: 'day.searchPlaceholder' })} value={filters.search}
          onChange={(event) => set({ search: event.target.value })} data-testid="volunteer-search" />
        <Space wrap>
          <Select allowClear showSearch optionFilterProp="label" style={{ minWidth: 180 }} placeholder={intl.formatMessage({ id: 'day.team' })}
            options={teams} value={filters.teamId} onChange={(teamId) => set({ teamId: teamId ?? null })} />
          <Select mode="tags" style={{ minWidth: 180 }} placeholder={intl.formatMessage({ id: 'day.skills' })} value={filters.skills}
            onChange={(skills) => set({ skills })} />
          <Checkbox checked={filters.partyOnly} onChange={(event) => set({ partyOnly: event.target.checked })}><FormattedMessage id="day.partyOnly" /></Checkbox>
          <Checkbox checked={filters.freeOnly} onChange={(event) => set({ freeOnly: event.target.checked })}><FormattedMessage id="day.freeOnly" /></Checkbox>
        </Space>
        <List size="small" loading={found === null} dataSource={found ?? []} locale={{ emptyText: intl.formatMessage({ id: 'day.noneFound' }) }}
          renderItem={(person) => (
            <List.Item actions={[<Button key="assign" type="primary" size="small" loading={busy} data-testid={`assign-${person.id}`}
              onClick={() => onPick(person.id, person.name)}><FormattedMessage id="day.assign" /></Button>]}>
              <Space wrap size={4}>
                <span data-testid={`candidate-${person.id}`}>{person.name}</span>
                <span style={{ color: '#888' }}>{person.mobile}</span>
                {person.partyMember && <Tag color="red"><FormattedMessage id="day.partyMember" /></Tag>}
                {person.skills.map((skill) => <Tag key={skill}>{skill}</Tag>)}
              </Space>
            </List.Item>
          )} />
      </Space>
    </Card>
  );
}
