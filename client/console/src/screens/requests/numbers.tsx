import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Spin, Table } from 'antd';
import { ConsoleRequestNumbersDocument, type ConsoleRequestNumbersQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isNotFound } from '../../api/errors';
import { useFailure } from '../../shell/feedback';
import NotFound from '../not-found';
import { dayFromToday } from './labels';

type Day = ConsoleRequestNumbersQuery['requestNumbers'][number];

/** The grid's numbers per day, from a week ago to tomorrow, newest first. */
export function Numbers({ gridId, version }: { gridId: string; version: number }) {
  const intl = useIntl();
  const { run } = useSession();
  const failure = useFailure();
  const [days, setDays] = useState<Day[] | null | undefined>(undefined);

  useEffect(() => {
    run(ConsoleRequestNumbersDocument, { gridId, from: dayFromToday(-7), to: dayFromToday(1) }).then(
      (data) => setDays([...data.requestNumbers].reverse()),
      (error) => { setDays(null); if (!isNotFound(error)) failure(error); },
    );
  }, [gridId, run, failure, version]);

  if (days === undefined) return <Spin />;
  if (days === null) return <NotFound />;
  const column = (key: keyof Day) => ({ key, dataIndex: key, title: intl.formatMessage({ id: `requests.numbers.${key}` }),
    render: (value: string | number, row: Day) => <span data-testid={`numbers-${row.day}-${key}`}>{value}</span> });
  return (
    <Table<Day> size="small" rowKey="day" pagination={false} dataSource={days} data-testid="request-numbers" scroll={{ x: true }}
      columns={[column('day'), column('requests'), column('done'), column('failed'), column('peopleServed')]}
      footer={() => <FormattedMessage id="requests.numbers.note" />} />
  );
}
