/**
 * The signed-in shell: brand, side menu (drawer on phones), alliance switcher, language switch,
 * and the person's menu (change password, sign out).
 */
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid, Layout } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { can, currentAllianceName, useSession } from '../lib/session';
import { useLogout } from '../features/auth/api';
import { NextYearWarning } from '../features/calendar/NextYearWarning';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { LanguageSwitch } from './LanguageSwitch';
import { LazyDropdown } from './LazyDropdown';

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
// The menu (with its icons) and the phone's navigation drawer load when shown: on a phone, when
// the drawer is first opened. The password dialog loads when asked for.
const NavMenu = lazy(() => import('./NavMenu'));
const NavDrawer = lazy(() => import('./NavDrawer'));
const ChangePasswordModal = lazy(() => import('../features/auth/ChangePasswordModal').then((m) => ({ default: m.ChangePasswordModal })));

function AllianceSwitcher({ block }: { block?: boolean }) {
  const session = useSession();
  if (session.alliances.length <= 1) {
    return <strong className="alliance-name">{currentAllianceName(session)}</strong>;
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

  const [drawerUsed, setDrawerUsed] = useState(false);
  const menu = (
    <Suspense fallback={null}>
      <NavMenu onNavigate={() => setDrawerOpen(false)} />
    </Suspense>
  );
  const siderCollapsed = collapsed || !screens.lg;

  return (
    <Layout className="app-shell">
      {mobile ? (
        drawerUsed ? (
          <Suspense fallback={null}>
            <NavDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)} label={t('layout.mainNav')}>
              <Brand />
              <div className="drawer-alliance">
                <AllianceSwitcher block />
              </div>
              <nav aria-label={t('layout.mainNav')}>{menu}</nav>
            </NavDrawer>
          </Suspense>
        ) : null
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
              <Button type="text" icon={<MenuOutlined />} onClick={() => {
                  setDrawerUsed(true);
                  setDrawerOpen(true);
                }}
                aria-label={t('layout.openMenu')} />
            ) : screens.lg ? (
              <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed((c) => !c)} aria-label={t(collapsed ? 'layout.expandMenu' : 'layout.collapseMenu')} />
            ) : null}
            {mobile ? <strong className="alliance-name">{currentAllianceName(session)}</strong> : <AllianceSwitcher />}
          </div>
          <div className="header-right">
            {can(session, 'notification.self') ? <NotificationBell /> : null}
            <LanguageSwitch compact={mobile} />
            <LazyDropdown
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
                {/* A plain circle, not Ant Design's Avatar (which brings its group's Popover to every page). */}
                <span className="user-avatar" aria-hidden="true"><UserOutlined /></span>
                {mobile ? null : (
                  <>
                    <span className="user-name">{session.user.displayName}</span>
                    <DownOutlined className="user-caret" />
                  </>
                )}
              </Button>
            </LazyDropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="app-content" id="main">
          {location.pathname.startsWith('/settings/calendar') ? null : <NextYearWarning enabled={can(session, 'calendar.manage')} />}
          <Outlet />
        </Layout.Content>
      </Layout>
      {passwordOpen ? (
        <Suspense fallback={null}>
          <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
        </Suspense>
      ) : null}
    </Layout>
  );
}
