/** The side menu: each entry says which permission (from the session) shows it. */
import {
  AuditOutlined, BankOutlined, ClusterOutlined, DashboardOutlined, FormOutlined, ShopOutlined, SolutionOutlined, TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { can, hasRole, type Session } from '../lib/session';

export interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
  /** i18n key of the label. */
  label: string;
  visible: (s: Session) => boolean;
}

export function navItems(session: Session): NavItem[] {
  const own = session.enterpriseIds[0];
  const items: NavItem[] = [
    { key: 'overview', path: '/overview', icon: <DashboardOutlined />, label: 'nav.overview', visible: (s) => can(s, 'report.overview') },
    { key: 'caseload', path: '/caseload', icon: <SolutionOutlined />, label: 'nav.caseload', visible: (s) => hasRole(s, 'commissioner') && can(s, 'enterprise.list') },
    { key: 'members', path: '/members', icon: <ShopOutlined />, label: 'nav.members', visible: (s) => can(s, 'enterprise.list') },
    { key: 'report', path: '/report', icon: <FormOutlined />, label: 'nav.report', visible: (s) => can(s, 'report.submit') },
    { key: 'enterprise', path: `/members/${own}`, icon: <BankOutlined />, label: 'nav.myEnterprise', visible: (s) => !can(s, 'enterprise.list') && can(s, 'enterprise.read') && own !== undefined },
    { key: 'alliance', path: '/alliance', icon: <ClusterOutlined />, label: 'nav.alliance', visible: (s) => can(s, 'alliance.read') && s.allianceId !== null },
    { key: 'users', path: '/users', icon: <TeamOutlined />, label: 'nav.users', visible: (s) => can(s, 'user.list') },
    { key: 'audit', path: '/audit', icon: <AuditOutlined />, label: 'nav.audit', visible: (s) => can(s, 'audit.read') },
  ];
  return items.filter((i) => i.visible(session));
}

/** Where a person lands after signing in: the first page their menu offers. */
export function homePath(session: Session): string {
  return navItems(session)[0]?.path ?? '/alliance';
}

/** The menu key for a location (longest matching path prefix). */
export function selectedKey(items: NavItem[], pathname: string): string | undefined {
  return [...items].sort((a, b) => b.path.length - a.path.length).find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))?.key;
}
