import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { Select } from 'antd';
import { ConsoleOrganizationsDocument } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isPlatformAdmin, organizationsOf, type Organization } from '../../api/roles';

/** The organizations the viewer acts for: their roles' organizations; for a platform admin, every one. */
export function useActingOrganizations(): Organization[] | null {
  const { account, run } = useSession();
  const [all, setAll] = useState<Organization[] | null>(null);
  const admin = isPlatformAdmin(account);
  useEffect(() => {
    if (admin) run(ConsoleOrganizationsDocument, {}).then((data) => setAll(data.organizations), () => setAll([]));
  }, [admin, run]);
  return admin ? all : organizationsOf(account);
}

/** A select of those organizations (picks the first by itself when there is only one). */
export function OrganizationPicker({ value, onChange, allowClear, testId }: {
  value?: string; onChange?: (id: string | undefined) => void; allowClear?: boolean; testId: string;
}) {
  const intl = useIntl();
  const organizations = useActingOrganizations();
  useEffect(() => {
    if (!allowClear && !value && organizations?.length) onChange?.(organizations[0].id);
  }, [allowClear, value, organizations, onChange]);
  return (
    <Select value={value} onChange={onChange} allowClear={allowClear} data-testid={testId} style={{ minWidth: 200 }}
      placeholder={intl.formatMessage({ id: 'volunteers.organization' })} loading={organizations === null}
      options={(organizations ?? []).map((o) => ({ value: o.id, label: o.name }))} />
  );
}
