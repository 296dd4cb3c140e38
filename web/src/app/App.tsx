/** Routes: the login page, and the signed-in shell whose pages each need a permission. */
import type { Action } from '@server/core/auth/policy';
import { Spin } from 'antd';
import { Suspense, lazy, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { can, useSession, useSessionQuery } from '../lib/session';
import { Providers } from './providers';

// The signed-in shell (menus, drawers, notifications) is its own chunk: the login page, the first
// thing a phone opens, loads none of it.
// What the login page needs is all this entry holds: the menu (with its icons) and the error
// screens come with the shell or when needed.
const ErrorState = lazy(() => import('../lib/error-result'));
const Home = lazy(() => import('./nav').then((m) => ({ default: m.Home })));
const AppLayout = lazy(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })));
const LoginPage = lazy(() => import('../pages/LoginPage'));
const DepartmentsPage = lazy(() => import('../pages/DepartmentsPage'));
const ConsultationsPage = lazy(() => import('../pages/ConsultationsPage'));
const ConsultationDetailPage = lazy(() => import('../pages/ConsultationDetailPage'));
const ExpertsPage = lazy(() => import('../pages/ExpertsPage'));
const WorkforcePage = lazy(() => import('../pages/WorkforcePage'));
const OverviewPage = lazy(() => import('../pages/OverviewPage'));
const CityPage = lazy(() => import('../pages/CityPage'));
const BriefingsPage = lazy(() => import('../pages/BriefingsPage'));
const MembersPage = lazy(() => import('../pages/MembersPage'));
const MemberDetailPage = lazy(() => import('../pages/MemberDetailPage'));
const MembershipsPage = lazy(() => import('../pages/MembershipsPage'));
const ReportPage = lazy(() => import('../pages/ReportPage'));
const CaseloadPage = lazy(() => import('../pages/CaseloadPage'));
const AlliancePage = lazy(() => import('../pages/AlliancePage'));
const UsersPage = lazy(() => import('../pages/UsersPage'));
const AuditPage = lazy(() => import('../pages/AuditPage'));
const ChainMapPage = lazy(() => import('../pages/ChainMapPage'));
const ChainForecastPage = lazy(() => import('../pages/ChainForecastPage'));
const ChainImpactPage = lazy(() => import('../pages/ChainImpactPage'));
const ChainScenariosPage = lazy(() => import('../pages/ChainScenariosPage'));
const ChainLinksPage = lazy(() => import('../pages/ChainLinksPage'));
const ProblemsPage = lazy(() => import('../pages/ProblemsPage'));
const ProblemDetailPage = lazy(() => import('../pages/ProblemDetailPage'));
const MeetingsPage = lazy(() => import('../pages/MeetingsPage'));
const MeetingDetailPage = lazy(() => import('../pages/MeetingDetailPage'));
const RisksPage = lazy(() => import('../pages/RisksPage'));
const NotificationsPage = lazy(() => import('../pages/NotificationsPage'));
const NotificationSettingsPage = lazy(() => import('../pages/NotificationSettingsPage'));
const WebhooksPage = lazy(() => import('../pages/WebhooksPage'));
const CalendarPage = lazy(() => import('../pages/CalendarPage'));
const PurchasingPage = lazy(() => import('../pages/PurchasingPage'));
const PurchasingDetailPage = lazy(() => import('../pages/PurchasingDetailPage'));
const MarketPage = lazy(() => import('../pages/MarketPage'));
const PoliciesPage = lazy(() => import('../pages/PoliciesPage'));
const PolicyDetailPage = lazy(() => import('../pages/PolicyDetailPage'));
const PolicyApplicationsPage = lazy(() => import('../pages/PolicyApplicationsPage'));
const PreventionPage = lazy(() => import('../pages/PreventionPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

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
