/**
 * The signed-in shell: brand, side menu (drawer on phones), alliance switcher, language switch,
 * and the person's menu (change password, sign out).
 */
import { DownOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid } from 'antd';
import { Suspense, lazy, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { page } from '../lib/i18n';
import { can, currentAllianceName, useSession } from '../lib/session';
import { useLogout } from '../features/auth/api';
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
const ChangePasswordModal = page(() => import('../features/auth/ChangePasswordModal').then((m) => ({ default: m.ChangePasswordModal })), ['auth']);
// The shell is plain markup (styled in app.css) rather than Ant Design's Layout, whose Sider comes
// with it: a phone never shows the side menu, so the Sider loads only on a wider screen (the Menu
// inside it needs the Sider's collapsed state).
const DesktopSider = lazy(() => import('./DesktopSider'));
// Only the platform admin is warned about next year's calendar: others load neither it nor its strings.
const NextYearWarning = page(() => import('../features/calendar/NextYearWarning').then((m) => ({ default: m.NextYearWarning })), ['calendar']);
// The account menu's icons load with the menu (on the first click), not with every page.
const KeyOutlined = lazy(() => import('@ant-design/icons/es/icons/KeyOutlined'));
const LogoutOutlined = lazy(() => import('@ant-design/icons/es/icons/LogoutOutlined'));
const lazyIcon = (icon: ReactNode) => <Suspense fallback={null}>{icon}</Suspense>;

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
    <div className={mobile ? 'app-shell' : 'app-shell app-shell-has-sider'}>
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
        <Suspense fallback={<div className="app-sider-placeholder no-print" style={{ width: siderCollapsed ? 72 : 232 }} />}>
          <DesktopSider collapsed={siderCollapsed}>
            <Brand collapsed={siderCollapsed} />
            <nav aria-label={t('layout.mainNav')}>{menu}</nav>
          </DesktopSider>
        </Suspense>
      )}
      <section className="app-main">
        <header className="app-header no-print">
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
                  { key: 'password', icon: lazyIcon(<KeyOutlined />), label: t('layout.changePassword') },
                  { key: 'logout', icon: lazyIcon(<LogoutOutlined />), label: t('layout.logout'), danger: true },
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
        </header>
        <main className="app-content" id="main">
          {can(session, 'calendar.manage') && !location.pathname.startsWith('/settings/calendar') ? (
            <Suspense fallback={null}>
              <NextYearWarning enabled />
            </Suspense>
          ) : null}
          <Outlet />
        </main>
      </section>
      {passwordOpen ? (
        <Suspense fallback={null}>
          <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
