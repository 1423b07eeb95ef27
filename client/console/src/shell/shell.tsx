import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useSession } from '../api/session';
import { SCREENS } from '../routes';
import { LanguageSwitch } from './language-switch';

const { Header, Sider, Content } = Layout;

/** The frame around every signed-in screen: the menu (a drawer on a phone), the language, the account. */
export function Shell() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { account, signOut } = useSession();
  const wide = Grid.useBreakpoint().md ?? true;
  const [drawer, setDrawer] = useState(false);
  const items = SCREENS.filter((s) => s.menu && (s.menu.shownTo?.(account) ?? true)).map((s) => ({ key: s.path, icon: s.menu!.icon, label: intl.formatMessage({ id: s.menu!.label }) }));
  const selected = items.filter((item) => pathname.startsWith(item.key)).map((item) => item.key);
  const menu = (
    <Menu mode="inline" items={items} selectedKeys={selected} data-testid="main-menu"
      onClick={({ key }) => { setDrawer(false); navigate(key); }} />
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 16px', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        {!wide && <Button icon={<MenuOutlined />} aria-label={intl.formatMessage({ id: 'shell.openMenu' })} onClick={() => setDrawer(true)} data-testid="menu-button" />}
        <Typography.Text strong style={{ flex: 1, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          <FormattedMessage id="app.title" />
        </Typography.Text>
        <Space size="small">
          <LanguageSwitch />
          {wide && <Typography.Text type="secondary" data-testid="account-name">{account?.displayName}</Typography.Text>}
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
            {wide && <FormattedMessage id="shell.signOut" />}
          </Button>
        </Space>
      </Header>
      <Layout>
        {wide && <Sider width={200} theme="light">{menu}</Sider>}
        <Drawer open={!wide && drawer} onClose={() => setDrawer(false)} placement="left" width={260} title={account?.displayName}>
          {menu}
        </Drawer>
        <Content style={{ padding: wide ? 24 : 12, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
