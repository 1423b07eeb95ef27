import { useState } from 'react';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { Alert, Button, Card, Form, Input, Select, Switch } from 'antd';
import { ConsoleRegisterVolunteersDocument, type ConsoleRegisterVolunteersMutation } from '../../api/sdk';
import { useSession } from '../../api/session';
import { useFailureText } from '../../shell/feedback';
import { OrganizationPicker } from './organization-picker';

type Result = ConsoleRegisterVolunteersMutation['registerVolunteers']['results'][number];
interface Values { organizationId: string; name: string; mobile: string; idNumber?: string; partyMember?: boolean; skills?: string[] }

/** Register one person for an organization; the server's answer (or refusal) is shown as it says it. */
export default function RegisterVolunteer() {
  const intl = useIntl();
  const { run } = useSession();
  const failureText = useFailureText();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: true; result: Result } | { ok: false; text: string } | null>(null);

  const submit = async ({ organizationId, idNumber, partyMember, skills, ...person }: Values) => {
    setBusy(true);
    try {
      const volunteer = { ...person, ...(idNumber?.trim() ? { idNumber: idNumber.trim() } : {}), partyMember: Boolean(partyMember), skills: skills ?? [] };
      const { registerVolunteers } = await run(ConsoleRegisterVolunteersDocument, { organizationId, volunteers: [volunteer] });
      const result = registerVolunteers.results[0];
      setAnswer(result.errorCode ? { ok: false, text: result.message ?? result.errorCode } : { ok: true, result });
    } catch (error) {
      setAnswer({ ok: false, text: failureText(error) });
    } finally {
      setBusy(false);
    }
  };

  const required = (key: string) => [{ required: true, message: intl.formatMessage({ id: key }) }];
  return (
    <Card title={<FormattedMessage id="volunteers.register" />} size="small" style={{ maxWidth: 560 }}>
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy}>
        <Form.Item name="organizationId" label={intl.formatMessage({ id: 'volunteers.organization' })} rules={required('volunteers.organizationRequired')}>
          <OrganizationPicker testId="register-organization" />
        </Form.Item>
        <Form.Item name="name" label={intl.formatMessage({ id: 'volunteers.name' })} rules={required('volunteers.nameRequired')}>
          <Input data-testid="register-name" />
        </Form.Item>
        <Form.Item name="mobile" label={intl.formatMessage({ id: 'volunteers.mobile' })} rules={required('volunteers.mobileRequired')}>
          <Input inputMode="tel" data-testid="register-mobile" />
        </Form.Item>
        <Form.Item name="idNumber" label={intl.formatMessage({ id: 'volunteers.idNumber' })}>
          <Input data-testid="register-id-number" />
        </Form.Item>
        <Form.Item name="partyMember" label={intl.formatMessage({ id: 'volunteers.partyMember' })} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="skills" label={intl.formatMessage({ id: 'volunteers.skills' })}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
        </Form.Item>
        {answer && (answer.ok ? (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="register-result" message={
            <FormattedMessage id={`volunteers.outcome.${answer.result.outcome}`} />
          } description={answer.result.volunteer && <Link to={`/volunteers/${answer.result.volunteer.id}`}>{answer.result.volunteer.name}</Link>} />
        ) : <Alert type="error" showIcon style={{ marginBottom: 12 }} message={answer.text} data-testid="register-error" />)}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="register-submit"><FormattedMessage id="volunteers.registerSubmit" /></Button>
      </Form>
    </Card>
  );
}
