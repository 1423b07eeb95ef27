import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Alert, Checkbox, Modal, Radio, Space, Spin, Typography, type ButtonProps } from 'antd';
import {
  ConsoleDispatchBuildingDocument, ConsoleDispatchCandidatesDocument, ConsoleDispatchRequestDocument, ConsoleGridTeamsDocument,
  type DispatchInput,
} from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailureText } from '../../shell/feedback';
import { shanghaiDate } from '../../time';

/** One request, or a building's open requests of a day; candidates are read for one of its requests. */
export type DispatchWhat =
  | { requestId: string; sampleRequestId: string }
  | { buildingId: string; buildingName: string; day: string; sampleRequestId: string };

interface Choice { key: string; label: string; target: Omit<DispatchInput, 'exclusive'> }

/** Volunteers the API offers for the request, then the teams deployed on the grid now. */
async function choicesFor(run: ReturnType<typeof useSession>['run'], requestId: string, gridId: string): Promise<Choice[]> {
  const [people, teams] = await Promise.all([
    run(ConsoleDispatchCandidatesDocument, { requestId }),
    // A grid worker may not read deployments everywhere: teams are a bonus, volunteers the rule.
    run(ConsoleGridTeamsDocument, { gridId }).catch(() => null),
  ]);
  const volunteers = people.node && 'candidates' in people.node ? people.node.candidates : [];
  const today = shanghaiDate();
  const deployments = teams?.node && 'deployments' in teams.node ? teams.node.deployments : [];
  const running = deployments.filter((d) => d.startsOn <= today && (!d.endsOn || d.endsOn >= today));
  return [
    ...volunteers.map((v) => ({ key: v.id, label: v.name, target: { volunteerId: v.id } })),
    ...[...new Map(running.map((d) => [d.team.id, d.team])).values()].map((t) => ({ key: t.id, label: `👥 ${t.name}`, target: { teamId: t.id } })),
  ];
}

export function Dispatch({ gridId, what, onClose }: { gridId: string; what: DispatchWhat | null; onClose: (sent: boolean) => void }) {
  const intl = useIntl();
  const { run } = useSession();
  const failureText = useFailureText();
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [exclusive, setExclusive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setChoices(null); setPicked(null); setError(null); setExclusive(false);
    if (what) choicesFor(run, what.sampleRequestId, gridId).then(setChoices, (failure) => { setChoices([]); setError(failureText(failure)); });
  }, [what, gridId, run, failureText]);

  const send = async () => {
    const choice = choices?.find((c) => c.key === picked);
    if (!what || !choice) return;
    setBusy(true);
    setError(null);
    try {
      const target = { ...choice.target, exclusive };
      if ('requestId' in what) await run(ConsoleDispatchRequestDocument, { id: what.requestId, target });
      else await run(ConsoleDispatchBuildingDocument, { gridId: what.buildingId, day: what.day, target });
      onClose(true);
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={what !== null} onCancel={() => onClose(false)} onOk={send} confirmLoading={busy} okButtonProps={{ disabled: !picked, 'data-testid': 'dispatch-send' } as ButtonProps}
      okText={intl.formatMessage({ id: 'requests.send' })} destroyOnHidden
      title={what && 'buildingName' in what ? intl.formatMessage({ id: 'requests.dispatchBuildingTitle' }, { building: what.buildingName }) : intl.formatMessage({ id: 'requests.dispatchTitle' })}>
      {choices === null ? <Spin /> : choices.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-candidates"><FormattedMessage id="requests.noCandidates" /></Typography.Text>
      ) : (
        <Radio.Group value={picked} onChange={(e) => setPicked(e.target.value as string)} data-testid="candidates">
          <Space direction="vertical">
            {choices.map((c) => <Radio key={c.key} value={c.key} data-testid={`candidate-${c.key}`}>{c.label}</Radio>)}
          </Space>
        </Radio.Group>
      )}
      <div style={{ marginTop: 12 }}>
        <Checkbox checked={exclusive} onChange={(e) => setExclusive(e.target.checked)}><FormattedMessage id="requests.exclusive" /></Checkbox>
      </div>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={<span data-testid="dispatch-error">{error}</span>} />}
    </Modal>
  );
}
