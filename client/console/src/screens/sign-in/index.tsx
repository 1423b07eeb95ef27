import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useSession } from '../../api/session';
import { useFailureText } from '../../shell/feedback';
import { LanguageSwitch } from '../../shell/language-switch';
import { HOME } from '../../routes';

interface Credentials { mobile: string; password: string }

/** Mobile and password; a refusal (wrong password, a locked account, too many tries) is the server's own message. */
export default function SignIn() {
  const intl = useIntl();
  const { account, signIn } = useSession();
  const [params] = useSearchParams();
  const failureText = useFailureText();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  // Only a path of this site: a crafted ?next=//elsewhere must not send the user away.
  if (account) return <Navigate to={next && /^\/[^/\\]/.test(next) ? next : HOME} replace />;
  const submit = async ({ mobile, password }: Credentials) => {
    setBusy(true);
    setFailure(null);
    try {
      await signIn(mobile.trim(), password);
    } catch (error) {
      setFailure(failureText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={4} style={{ margin: 0 }}><FormattedMessage id="signIn.title" /></Typography.Title>
            <LanguageSwitch />
          </Space>
          {failure && <Alert type="error" showIcon message={failure} data-testid="sign-in-error" />}
          <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="mobile" label={intl.formatMessage({ id: 'signIn.mobile' })}
              rules={[{ required: true, message: intl.formatMessage({ id: 'signIn.mobileRequired' }) }]}>
              <Input inputMode="tel" autoComplete="username" data-testid="mobile" />
            </Form.Item>
            <Form.Item name="password" label={intl.formatMessage({ id: 'signIn.password' })}
              rules={[{ required: true, message: intl.formatMessage({ id: 'signIn.passwordRequired' }) }]}>
              <Input.Password autoComplete="current-password" data-testid="password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
              <FormattedMessage id="signIn.submit" />
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
