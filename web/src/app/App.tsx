/** Routes: the login page, and the signed-in shell whose pages each need a permission. */
import type { Action } from '@server/core/auth/policy';
import { Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { page } from '../lib/i18n';
import { can, useSession, useSessionQuery } from '../lib/session';
import { Providers } from './providers';

// The signed-in shell (menus, drawers, notifications) is its own chunk: the login page, the first
// thing a phone opens, loads none of it.
// What the login page needs is all this entry holds: the menu (with its icons) and the error
// screens come with the shell or when needed. Each route names the string namespaces its page
// shows (locales/index.ts); they download beside its code.
const ErrorState = page(() => import('../lib/error-result'), []);
const Home = page(() => import('./nav').then((m) => ({ default: m.Home })), []);
const AppLayout = page(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })), ['layout']);
const LoginPage = page(() => import('../pages/LoginPage'), ['auth']);
const DepartmentsPage = page(() => import('../pages/DepartmentsPage'), ['departments']);
const ConsultationsPage = page(() => import('../pages/ConsultationsPage'), ['experts']);
const ConsultationDetailPage = page(() => import('../pages/ConsultationDetailPage'), ['experts']);
const ExpertsPage = page(() => import('../pages/ExpertsPage'), ['experts']);
const OverviewPage = page(() => import('../pages/OverviewPage'), ['overview', 'chain', 'risks', 'tickets', 'workforce']);
const CityPage = page(() => import('../pages/CityPage'), ['city']);
const MembersPage = page(() => import('../pages/MembersPage'), ['enterprises', 'memberships']);
const MemberDetailPage = page(() => import('../pages/MemberDetailPage'), ['enterprises', 'reports', 'memberships']);
const MembershipsPage = page(() => import('../pages/MembershipsPage'), ['memberships']);
const ReportPage = page(() => import('../pages/ReportPage'), ['reports']);
const CaseloadPage = page(() => import('../pages/CaseloadPage'), ['caseload', 'overview', 'enterprises', 'reports']);
const AlliancePage = page(() => import('../pages/AlliancePage'), ['alliance', 'enterprises']);
const UsersPage = page(() => import('../pages/UsersPage'), ['users', 'auth', 'departments']);
const AuditPage = page(() => import('../pages/AuditPage'), ['audit']);
const ChainMapPage = page(() => import('../pages/ChainMapPage'), ['chain']);
const ChainForecastPage = page(() => import('../pages/ChainForecastPage'), ['chain']);
const ChainImpactPage = page(() => import('../pages/ChainImpactPage'), ['chain']);
const ChainScenariosPage = page(() => import('../pages/ChainScenariosPage'), ['chain']);
const ChainLinksPage = page(() => import('../pages/ChainLinksPage'), ['chain']);
const ProblemsPage = page(() => import('../pages/ProblemsPage'), ['tickets']);
const ProblemDetailPage = page(() => import('../pages/ProblemDetailPage'), ['tickets', 'experts', 'risks']);
const MeetingsPage = page(() => import('../pages/MeetingsPage'), ['meetings', 'tickets']);
const MeetingDetailPage = page(() => import('../pages/MeetingDetailPage'), ['meetings', 'tickets']);
const RisksPage = page(() => import('../pages/RisksPage'), ['risks', 'tickets']);
const NotificationsPage = page(() => import('../pages/NotificationsPage'), ['notifications', 'tickets']);
const NotificationSettingsPage = page(() => import('../pages/NotificationSettingsPage'), ['notifications']);
const WebhooksPage = page(() => import('../pages/WebhooksPage'), ['notifications']);
const CalendarPage = page(() => import('../pages/CalendarPage'), ['calendar']);
const PurchasingPage = page(() => import('../pages/PurchasingPage'), ['purchasing']);
const PurchasingDetailPage = page(() => import('../pages/PurchasingDetailPage'), ['purchasing']);
const MarketPage = page(() => import('../pages/MarketPage'), ['market', 'purchasing']);
const WorkforcePage = page(() => import('../pages/WorkforcePage'), ['workforce']);
const BriefingsPage = page(() => import('../pages/BriefingsPage'), ['briefings']);
const PoliciesPage = page(() => import('../pages/PoliciesPage'), ['policies']);
const PolicyDetailPage = page(() => import('../pages/PolicyDetailPage'), ['policies']);
const PolicyApplicationsPage = page(() => import('../pages/PolicyApplicationsPage'), ['policies']);
const PreventionPage = page(() => import('../pages/PreventionPage'), ['prevention']);
const NotFoundPage = page(() => import('../pages/NotFoundPage'), []);

export function FullPageSpin() {
  return (
    <div className="full-page-spin">
      <Spin size="large" />
    </div>
  );
}

function RequireSession({ children }: { children: ReactNode }) {
  const { data, isPending, error, refetch } = useSessionQuery();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Allow({ action, children }: { action: Action; children: ReactNode }) {
  const session = useSession();
  if (!can(session, action)) return <NotFoundPage />;
  return <>{children}</>;
}

export function App() {
  return (
    <Providers>
      <BrowserRouter>
        <Suspense fallback={<FullPageSpin />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireSession>
                  <AppLayout />
                </RequireSession>
              }
            >
              <Route index element={<Home />} />
              <Route path="city" element={<Allow action="city.read"><CityPage /></Allow>} />
              <Route path="overview" element={<Allow action="report.overview"><OverviewPage /></Allow>} />
              <Route path="briefings" element={<Allow action="briefing.read"><BriefingsPage /></Allow>} />
              <Route path="members" element={<Allow action="enterprise.list"><MembersPage /></Allow>} />
              <Route path="members/:id" element={<Allow action="enterprise.read"><MemberDetailPage /></Allow>} />
              <Route path="report" element={<Allow action="report.submit"><ReportPage /></Allow>} />
              <Route path="report/:enterpriseId" element={<Allow action="report.submit"><ReportPage /></Allow>} />
              <Route path="caseload" element={<Allow action="enterprise.list"><CaseloadPage /></Allow>} />
              <Route path="chain/map" element={<Allow action="chain.analyse"><ChainMapPage /></Allow>} />
              <Route path="chain/forecast" element={<Allow action="chain.analyse"><ChainForecastPage /></Allow>} />
              <Route path="chain/impact" element={<Allow action="chain.analyse"><ChainImpactPage /></Allow>} />
              <Route path="chain/scenarios" element={<Allow action="chain.analyse"><ChainScenariosPage /></Allow>} />
              <Route path="chain/links" element={<Allow action="chain.read"><ChainLinksPage /></Allow>} />
              <Route path="alliance" element={<Allow action="alliance.read"><AlliancePage /></Allow>} />
              <Route path="memberships" element={<Allow action="membership.firm"><MembershipsPage /></Allow>} />
              <Route path="users" element={<Allow action="user.list"><UsersPage /></Allow>} />
              <Route path="audit" element={<Allow action="audit.read"><AuditPage /></Allow>} />
              <Route path="problems" element={<Allow action="ticket.read"><ProblemsPage /></Allow>} />
              <Route path="problems/:id" element={<Allow action="ticket.read"><ProblemDetailPage /></Allow>} />
              <Route path="meetings" element={<Allow action="meeting.read"><MeetingsPage /></Allow>} />
              <Route path="meetings/:id" element={<Allow action="meeting.read"><MeetingDetailPage /></Allow>} />
              <Route path="consultations" element={<Allow action="consultation.read"><ConsultationsPage /></Allow>} />
              <Route path="policies" element={<Allow action="policy.read"><PoliciesPage /></Allow>} />
              <Route path="policies/:id" element={<Allow action="policy.read"><PolicyDetailPage /></Allow>} />
              <Route path="policy-applications" element={<Allow action="policy.applications"><PolicyApplicationsPage /></Allow>} />
              <Route path="consultations/:id" element={<Allow action="consultation.read"><ConsultationDetailPage /></Allow>} />
              <Route path="experts" element={<ExpertsPage />} />
              <Route path="risks" element={<Allow action="risk.read"><RisksPage /></Allow>} />
              <Route path="purchasing" element={<Allow action="purchase.read"><PurchasingPage /></Allow>} />
              <Route path="purchasing/:id" element={<Allow action="purchase.read"><PurchasingDetailPage /></Allow>} />
              <Route path="market" element={<Allow action="market.read"><MarketPage /></Allow>} />
              <Route path="prevention" element={<Allow action="prevention.read"><PreventionPage /></Allow>} />
              <Route path="workforce" element={<Allow action="workforce.read"><WorkforcePage /></Allow>} />
              <Route path="notifications" element={<Allow action="notification.self"><NotificationsPage /></Allow>} />
              <Route path="notifications/settings" element={<Allow action="notification.self"><NotificationSettingsPage /></Allow>} />
              <Route path="settings/webhooks" element={<Allow action="webhook.manage"><WebhooksPage /></Allow>} />
              <Route path="settings/calendar" element={<Allow action="calendar.manage"><CalendarPage /></Allow>} />
              <Route path="settings/departments" element={<Allow action="department.manage"><DepartmentsPage /></Allow>} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </Providers>
  );
}
