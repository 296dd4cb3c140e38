/**
 * The alliance at a glance. Sections are plain cards in a responsive grid; later modules add
 * their own cards to SECTIONS below without touching the others.
 */
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Row } from 'antd';
import { lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChainAlertCard } from '../features/chain/ChainAlertCard';
import { KpiCards } from '../features/overview/KpiCards';
import { BlockersChart, OutputCapacityChart, ResumptionChart, StaffChart, StageChart } from '../features/overview/TrendCharts';
import { useTrend, type TrendPoint } from '../features/overview/api';
import { todayInChina } from '../lib/format';
import { can, currentAllianceName, useSession, type Session } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading, Panel } from '../lib/ui';
import { WhenVisible } from '../lib/when-visible';

// The cards under the charts download when they are about to scroll into view (or to print): a
// phone opening the overview loads the figures and charts it shows first, not every card's code.
const LOADERS = {
  workforce: () => import('../features/workforce/WorkforceFiguresCard').then((m) => ({ default: m.WorkforceFiguresCard })),
  missing: () => import('../features/overview/MissingTable').then((m) => ({ default: m.MissingTable })),
  problems: () => import('../features/tickets/TicketFigures').then((m) => ({ default: m.TicketFiguresCard })),
  riskReviews: () => import('../features/risks/OverdueReviewsCard').then((m) => ({ default: m.OverdueReviewsCard })),
  coSharing: () => import('../features/overview/CoSharingCard').then((m) => ({ default: m.CoSharingCard })),
};
const WorkforceFiguresCard = lazy(LOADERS.workforce);
const MissingTable = lazy(LOADERS.missing);
const TicketFiguresCard = lazy(LOADERS.problems);
const OverdueReviewsCard = lazy(LOADERS.riskReviews);
const CoSharingCard = lazy(LOADERS.coSharing);

interface Section {
  key: string;
  /** i18n key of the card title. */
  title: string;
  render: (points: TrendPoint[]) => React.ReactNode;
  /** Below the fold: its code downloads when it comes into view. */
  late?: boolean;
  /** Shown only to whom this says (default: everyone who sees the overview). */
  visible?: (s: Session) => boolean;
}

const SECTIONS: Section[] = [
  { key: 'chain', title: 'overview.chain.title', render: () => <ChainAlertCard />, visible: (s) => can(s, 'chain.analyse') },
  { key: 'resumption', title: 'overview.charts.resumptionTitle', render: (p) => <ResumptionChart points={p} /> },
  { key: 'stages', title: 'overview.charts.stagesTitle', render: (p) => <StageChart points={p} /> },
  { key: 'output', title: 'overview.charts.outputTitle', render: (p) => <OutputCapacityChart points={p} /> },
  { key: 'staff', title: 'overview.charts.staffTitle', render: (p) => <StaffChart points={p} /> },
  { key: 'blockers', title: 'overview.charts.blockersTitle', render: (p) => <BlockersChart points={p} /> },
  { key: 'workforce', title: 'workforce.figures.title', late: true, render: (p) => <WorkforceFiguresCard staff={p[p.length - 1]} />, visible: (s) => can(s, 'workforce.read') },
  { key: 'missing', title: 'overview.missing.title', late: true, render: () => <MissingTable /> },
  { key: 'problems', title: 'overview.problems.title', late: true, render: () => <TicketFiguresCard />, visible: (s) => can(s, 'ticket.overview') },
  { key: 'riskReviews', title: 'overview.riskReviews.title', late: true, render: () => <OverdueReviewsCard />, visible: (s) => can(s, 'risk.read') },
  { key: 'coSharing', title: 'overview.coSharing.title', late: true, render: () => <CoSharingCard />, visible: (s) => can(s, 'purchase.read') && can(s, 'market.read') && s.allianceId !== null },
];

export default function OverviewPage() {
  const { t } = useTranslation();
  const session = useSession();
  const trend = useTrend(14);
  const queryClient = useQueryClient();
  // Printing shows every card: the late ones are loaded (code and data) before the print dialog.
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const all = () => setPrinting(true);
    window.addEventListener('beforeprint', all);
    return () => window.removeEventListener('beforeprint', all);
  }, []);
  const print = async () => {
    setPrinting(true);
    await Promise.all(Object.values(LOADERS).map((load) => load()));
    const until = Date.now() + 5000;
    do await new Promise((r) => setTimeout(r, 150));
    while (queryClient.isFetching() > 0 && Date.now() < until);
    window.print();
  };
  return (
    <>
      <PageHeader
        title={t('overview.title')}
        subtitle={t('overview.subtitle', { alliance: currentAllianceName(session), date: todayInChina() })}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void trend.refetch()} loading={trend.isFetching}>{t('common.refresh')}</Button>
            <Button icon={<PrinterOutlined />} onClick={() => void print()}>{t('common.print')}</Button>
          </>
        }
      />
      {trend.isPending ? (
        <PageLoading rows={10} />
      ) : trend.error ? (
        <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
      ) : trend.data.points.length === 0 || trend.data.points.every((p) => p.members === 0) ? (
        <Panel><EmptyState description={t('overview.empty')} /></Panel>
      ) : (
        <>
          <KpiCards points={trend.data.points} />
          <Row gutter={[16, 16]}>
            {SECTIONS.filter((s) => !s.visible || s.visible(session)).map((s) => (
              <Col key={s.key} xs={24} xl={12}>
                <Panel title={t(s.title)} className="overview-card" testId={`overview-${s.key}`}>
                  {s.late ? <WhenVisible force={printing}>{s.render(trend.data.points)}</WhenVisible> : s.render(trend.data.points)}
                </Panel>
              </Col>
            ))}
          </Row>
        </>
      )}
    </>
  );
}
