/** The side menu: each entry says which permission (from the session) shows it. */
import {
  AlertOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, BranchesOutlined, ClusterOutlined, DashboardOutlined, ExperimentOutlined, FormOutlined,
  LinkOutlined, ShopOutlined, SolutionOutlined, StarOutlined, TeamOutlined,
} from '@ant-design/icons';
import { ApiOutlined, CalendarOutlined, GlobalOutlined, CustomerServiceOutlined, FundOutlined, MedicineBoxOutlined, ScheduleOutlined, ToolOutlined } from '@ant-design/icons';
import { FileProtectOutlined, FileTextOutlined, GiftOutlined, SafetyOutlined, SwapOutlined, TransactionOutlined, UsergroupAddOutlined } from '@ant-design/icons';

import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { can, hasRole, useSession, type Session } from '../lib/session';

export interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
  /** i18n key of the label. */
  label: string;
  visible: (s: Session) => boolean;
  /** Entries sharing a group show under one sub-menu (when more than one of them is visible). */
  group?: NavGroup;
}

export interface NavGroup {
  key: string;
  icon: ReactNode;
  /** i18n key of the sub-menu title. */
  label: string;
}

const CHAIN: NavGroup = { key: 'chain', icon: <ApartmentOutlined />, label: 'nav.chain' };

export function navItems(session: Session): NavItem[] {
  const own = session.enterpriseIds[0];
  const items: NavItem[] = [
    // Experts land on their cases (city-wide, whatever alliance is selected).
    { key: 'myCases', path: '/consultations', icon: <ToolOutlined />, label: 'nav.myCases', visible: (s) => can(s, 'expert.self') },
    { key: 'myExpertProfile', path: '/experts', icon: <MedicineBoxOutlined />, label: 'nav.myExpertProfile', visible: (s) => can(s, 'expert.self') },
    // The platform admin lands on the city screen: every alliance side by side.
    { key: 'city', path: '/city', icon: <GlobalOutlined />, label: 'nav.city', visible: (s) => can(s, 'city.read') },
    { key: 'overview', path: '/overview', icon: <DashboardOutlined />, label: 'nav.overview', visible: (s) => can(s, 'report.overview') },
    { key: 'caseload', path: '/caseload', icon: <SolutionOutlined />, label: 'nav.caseload', visible: (s) => hasRole(s, 'commissioner') && can(s, 'enterprise.list') },
    { key: 'members', path: '/members', icon: <ShopOutlined />, label: 'nav.members', visible: (s) => can(s, 'enterprise.list') },
    { key: 'report', path: '/report', icon: <FormOutlined />, label: 'nav.report', visible: (s) => can(s, 'report.submit') },
    { key: 'enterprise', path: `/members/${own}`, icon: <BankOutlined />, label: 'nav.myEnterprise', visible: (s) => !can(s, 'enterprise.list') && can(s, 'enterprise.read') && own !== undefined },
    { key: 'problems', path: '/problems', icon: <CustomerServiceOutlined />, label: 'nav.problems', visible: (s) => can(s, 'ticket.handle') && s.allianceId !== null },
    { key: 'myProblems', path: '/problems', icon: <CustomerServiceOutlined />, label: 'nav.myProblems', visible: (s) => !can(s, 'ticket.handle') && can(s, 'ticket.read') && s.allianceId !== null },
    { key: 'consultations', path: '/consultations', icon: <ToolOutlined />, label: 'nav.consultations', visible: (s) => !can(s, 'expert.self') && can(s, 'consultation.read') && s.allianceId !== null },
    { key: 'experts', path: '/experts', icon: <MedicineBoxOutlined />, label: 'nav.experts', visible: (s) => can(s, 'expert.list') },
    { key: 'meetings', path: '/meetings', icon: <ScheduleOutlined />, label: 'nav.meetings', visible: (s) => can(s, 'meeting.read') && s.allianceId !== null },
    { key: 'briefings', path: '/briefings', icon: <FileTextOutlined />, label: 'nav.briefings', visible: (s) => can(s, 'briefing.read') },
    { key: 'risks', path: '/risks', icon: <FundOutlined />, label: 'nav.risks', visible: (s) => can(s, 'risk.read') && s.allianceId !== null },
    { key: 'purchasing', path: '/purchasing', icon: <GiftOutlined />, label: 'nav.purchasing', visible: (s) => can(s, 'purchase.read') && s.allianceId !== null },
    { key: 'policies', path: '/policies', icon: <FileProtectOutlined />, label: 'nav.policies', visible: (s) => can(s, 'policy.read') && s.allianceId !== null },
    { key: 'policyApplications', path: '/policy-applications', icon: <TransactionOutlined />, label: 'nav.policyApplications', visible: (s) => can(s, 'policy.applications') && s.allianceId !== null },
    { key: 'market', path: '/market', icon: <SwapOutlined />, label: 'nav.market', visible: (s) => can(s, 'market.read') && s.allianceId !== null },
    { key: 'prevention', path: '/prevention', icon: <SafetyOutlined />, label: 'nav.prevention', visible: (s) => can(s, 'prevention.read') && s.allianceId !== null },
    { key: 'workforce', path: '/workforce', icon: <UsergroupAddOutlined />, label: 'nav.workforce', visible: (s) => can(s, 'workforce.read') && s.allianceId !== null },
    { key: 'chainMap', path: '/chain/map', icon: <BranchesOutlined />, label: 'nav.chainMap', group: CHAIN, visible: (s) => can(s, 'chain.analyse') },
    { key: 'chainForecast', path: '/chain/forecast', icon: <AlertOutlined />, label: 'nav.chainForecast', group: CHAIN, visible: (s) => can(s, 'chain.analyse') },
    { key: 'chainImpact', path: '/chain/impact', icon: <StarOutlined />, label: 'nav.chainImpact', group: CHAIN, visible: (s) => can(s, 'chain.analyse') },
    { key: 'chainScenarios', path: '/chain/scenarios', icon: <ExperimentOutlined />, label: 'nav.chainScenarios', group: CHAIN, visible: (s) => can(s, 'chain.analyse') },
    { key: 'chainLinks', path: '/chain/links', icon: <LinkOutlined />, label: 'nav.chainLinks', group: CHAIN, visible: (s) => can(s, 'chain.read') && s.allianceId !== null },
    { key: 'alliance', path: '/alliance', icon: <ClusterOutlined />, label: 'nav.alliance', visible: (s) => can(s, 'alliance.read') && s.allianceId !== null },
    { key: 'memberships', path: '/memberships', icon: <ClusterOutlined />, label: 'nav.memberships', visible: (s) => can(s, 'membership.firm') },
    { key: 'users', path: '/users', icon: <TeamOutlined />, label: 'nav.users', visible: (s) => can(s, 'user.list') },
    { key: 'audit', path: '/audit', icon: <AuditOutlined />, label: 'nav.audit', visible: (s) => can(s, 'audit.read') },
    { key: 'webhooks', path: '/settings/webhooks', icon: <ApiOutlined />, label: 'nav.webhooks', visible: (s) => can(s, 'webhook.manage') && s.allianceId !== null },
    { key: 'calendar', path: '/settings/calendar', icon: <CalendarOutlined />, label: 'nav.calendar', visible: (s) => can(s, 'calendar.manage') },
    { key: 'departments', path: '/settings/departments', icon: <BankOutlined />, label: 'nav.departments', visible: (s) => can(s, 'department.manage') },
  ];
  return items.filter((i) => i.visible(session));
}

/**
 * Where a person lands after signing in: the first page their menu offers — except that a
 * commissioner lands on their caseload (the firms they look after), not the alliance overview.
 */
export function homePath(session: Session): string {
  const items = navItems(session);
  if (items[0]?.key !== 'city' && items.some((i) => i.key === 'caseload')) return '/caseload';
  return items[0]?.path ?? '/alliance';
}

/** The index route (`/`): sends the person to their home page. */
export function Home() {
  return <Navigate to={homePath(useSession())} replace />;
}

/** The menu key for a location (longest matching path prefix). */
export function selectedKey(items: NavItem[], pathname: string): string | undefined {
  return [...items].sort((a, b) => b.path.length - a.path.length).find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))?.key;
}
