/**
 * The signed-in shell: brand, side menu (drawer on phones), alliance switcher, language switch,
 * and the person's menu (change password, sign out).
 */
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../lib/errors';
import { can, currentAllianceName, useSession } from '../lib/session';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { useLogout } from '../features/auth/api';
import { NextYearWarning } from '../features/calendar/NextYearWarning';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { LanguageSwitch } from './LanguageSwitch';
import { homePath, navItems, selectedKey, type NavItem } from './nav';

function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand" aria-label={collapsed ? t('common.appName') : undefined}>
      <span className="brand-mark" aria-hidden>复</span>
      {collapsed ? null : (
        <span className="brand-text">
          <span className="brand-name">{t('common.appName')}</span>
          <span className="brand-tagline">{t('common.tagline')}</span>
        </span>
      )}
    </Link>
  );
}

// The switcher's Select (with its virtual list) is only for people in several alliances; everyone
// else, a firm's staff on a phone included, never downloads it.
const AllianceSelect = lazy(() => import('./AllianceSelect'));

function AllianceSwitcher({ block }: { block?: boolean }) {
  const session = useSession();
  if (session.alliances.length <= 1) {
    return <Typography.Text strong className="alliance-name" ellipsis>{currentAllianceName(session)}</Typography.Text>;
  }
  return (
    <Suspense fallback={null}>
      <AllianceSelect block={block} />
    </Suspense>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const logout = useLogout();

  const items = useMemo(() => navItems(session), [session]);
  const selected = selectedKey(items, location.pathname);
  const menuItems = useMemo(() => {
    const entry = (i: NavItem) => ({ key: i.key, icon: i.icon, label: <Link to={i.path}>{t(i.label)}</Link> });
    const out: NonNullable<MenuProps['items']> = [];
    const seen = new Set<string>();
    for (const i of items) {
      const members = i.group ? items.filter((x) => x.group?.key === i.group!.key) : [];
      if (!i.group || members.length < 2) out.push(entry(i));
      else if (!seen.has(i.group.key)) {
        seen.add(i.group.key);
        out.push({ key: i.group.key, icon: i.group.icon, label: t(i.group.label), children: members.map(entry) });
      }
    }
    return out;
  }, [items, t]);
  const selectedGroup = items.find((i) => i.key === selected)?.group?.key;
  const [openKeys, setOpenKeys] = useState<string[]>(selectedGroup ? [selectedGroup] : []);
  useEffect(() => {
    if (selectedGroup) setOpenKeys((keys) => (keys.includes(selectedGroup) ? keys : [...keys, selectedGroup]));
  }, [selectedGroup]);
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selected ?? '']}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      items={menuItems}
      onClick={() => setDrawerOpen(false)}
    />
  );
  const siderCollapsed = collapsed || !screens.lg;

  return (
    <Layout className="app-shell">
      {mobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          className="nav-drawer no-print"
          styles={{ body: { padding: 0, background: '#0f1f3d' } }}
          title={null}
          aria-label={t('layout.mainNav')}
        >
          <Brand />
          <div className="drawer-alliance">
            <AllianceSwitcher block />
          </div>
          <nav aria-label={t('layout.mainNav')}>{menu}</nav>
        </Drawer>
      ) : (
        <Layout.Sider className="app-sider no-print" width={232} collapsedWidth={72} collapsed={siderCollapsed} trigger={null}>
          <Brand collapsed={siderCollapsed} />
          <nav aria-label={t('layout.mainNav')}>{menu}</nav>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header no-print">
          <div className="header-left">
            {mobile ? (
              <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('layout.openMenu')} />
            ) : screens.lg ? (
              <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed((c) => !c)} aria-label={t(collapsed ? 'layout.expandMenu' : 'layout.collapseMenu')} />
            ) : null}
            {mobile ? <Typography.Text strong className="alliance-name" ellipsis>{currentAllianceName(session)}</Typography.Text> : <AllianceSwitcher />}
          </div>
          <div className="header-right">
            {can(session, 'notification.self') ? <NotificationBell /> : null}
            <LanguageSwitch compact={mobile} />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'who', label: <span className="user-menu-name">{session.user.displayName}</span>, disabled: true },
                  { type: 'divider' },
                  { key: 'password', icon: <KeyOutlined />, label: t('layout.changePassword') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
                ],
                onClick: ({ key }) => {
                  if (key === 'password') setPasswordOpen(true);
                  if (key === 'logout') logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
                },
              }}
            >
              <Button type="text" className="user-button" aria-label={t('layout.account', { name: session.user.displayName })} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} className="user-avatar" />
                {mobile ? null : (
                  <>
                    <span className="user-name">{session.user.displayName}</span>
                    <DownOutlined className="user-caret" />
                  </>
                )}
              </Button>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="app-content" id="main">
          {location.pathname.startsWith('/settings/calendar') ? null : <NextYearWarning enabled={can(session, 'calendar.manage')} />}
          <Outlet />
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
