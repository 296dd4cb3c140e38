/**
 * The alliance at a glance. Sections are plain cards in a responsive grid; later modules add
 * their own cards to SECTIONS below without touching the others.
 */
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChainAlertCard } from '../features/chain/ChainAlertCard';
import { CoSharingCard } from '../features/overview/CoSharingCard';
import { KpiCards } from '../features/overview/KpiCards';
import { OverdueReviewsCard } from '../features/risks/OverdueReviewsCard';
import { TicketFiguresCard } from '../features/tickets/TicketFigures';
import { MissingTable } from '../features/overview/MissingTable';
import { BlockersChart, OutputCapacityChart, ResumptionChart, StaffChart, StageChart } from '../features/overview/TrendCharts';
import { useTrend, type TrendPoint } from '../features/overview/api';
import { WorkforceFiguresCard } from '../features/workforce/WorkforceFiguresCard';
import { todayInChina } from '../lib/format';
import { can, currentAllianceName, useSession, type Session } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading, Panel } from '../lib/ui';

interface Section {
  key: string;
  /** i18n key of the card title. */
  title: string;
  render: (points: TrendPoint[]) => React.ReactNode;
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
  { key: 'workforce', title: 'workforce.figures.title', render: (p) => <WorkforceFiguresCard staff={p[p.length - 1]} />, visible: (s) => can(s, 'workforce.read') },
  { key: 'missing', title: 'overview.missing.title', render: () => <MissingTable /> },
  { key: 'problems', title: 'overview.problems.title', render: () => <TicketFiguresCard />, visible: (s) => can(s, 'ticket.overview') },
  { key: 'riskReviews', title: 'overview.riskReviews.title', render: () => <OverdueReviewsCard />, visible: (s) => can(s, 'risk.read') },
  { key: 'coSharing', title: 'overview.coSharing.title', render: () => <CoSharingCard />, visible: (s) => can(s, 'purchase.read') && can(s, 'market.read') && s.allianceId !== null },
];

export default function OverviewPage() {
  const { t } = useTranslation();
  const session = useSession();
  const trend = useTrend(14);
  return (
    <>
      <PageHeader
        title={t('overview.title')}
        subtitle={t('overview.subtitle', { alliance: currentAllianceName(session), date: todayInChina() })}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void trend.refetch()} loading={trend.isFetching}>{t('common.refresh')}</Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('common.print')}</Button>
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
                  {s.render(trend.data.points)}
                </Panel>
              </Col>
            ))}
          </Row>
        </>
      )}
    </>
  );
}
