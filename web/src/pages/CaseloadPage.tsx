import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { MissingTable } from '../features/overview/MissingTable';
import { LatestStatusTable } from '../features/reports/LatestStatusTable';
import { useLatestStatus } from '../features/reports/api';
import { todayInChina } from '../lib/format';
import { can, reportableEnterprises, useSession } from '../lib/session';
import { ErrorState, PageHeader } from '../lib/ui';

export default function CaseloadPage() {
  const { t } = useTranslation();
  const session = useSession();
  const latest = useLatestStatus({ mine: true, pageSize: 200 });
  const items = latest.data?.items ?? [];
  const reported = items.filter((i) => i.reportedToday).length;
  const withBlockers = items.filter((i) => i.reportedToday && i.report?.blockers.length).length;
  const reportable = new Set(reportableEnterprises(session));
  return (
    <>
      <PageHeader title={t('caseload.title')} subtitle={t('caseload.subtitle', { date: todayInChina() })} />
      <div className="kpi-grid">
        <Card className="kpi-card"><Statistic title={t('caseload.kpi.firms')} value={latest.data?.total ?? '—'} loading={latest.isPending} /></Card>
        <Card className="kpi-card"><Statistic title={t('caseload.kpi.reported')} value={reported} suffix={`/ ${items.length}`} loading={latest.isPending} /></Card>
        <Card className="kpi-card"><Statistic title={t('caseload.kpi.missing')} value={items.length - reported} loading={latest.isPending} /></Card>
        <Card className="kpi-card"><Statistic title={t('caseload.kpi.blocked')} value={withBlockers} loading={latest.isPending} /></Card>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card title={t('caseload.firms')}>
            {latest.error ? <ErrorState error={latest.error} onRetry={() => void latest.refetch()} /> : <LatestStatusTable data={latest.data} loading={latest.isFetching} canReport={(id) => reportable.has(id)} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.missing.title')}>{can(session, 'report.overview') ? <MissingTable mine /> : null}</Card>
        </Col>
      </Row>
    </>
  );
}
