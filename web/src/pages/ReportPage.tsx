import { Col, Row } from 'antd';
import { Suspense, lazy, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useEnterprise, useEnterprises } from '../features/enterprises/api';
import { ReportForm } from '../features/reports/ReportForm';
import { useEnterpriseReports } from '../features/reports/api';
import { addDays, todayInChina } from '../lib/format';
import { can, reportableEnterprises, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading, Panel } from '../lib/ui';
import { WhenVisible } from '../lib/when-visible';

// Only commissioners (several firms) choose a firm: the Select stays out of a firm's download.
const Select = lazy(() => import('antd/es/select'));
// On a phone the history sits under the form: its code downloads when it scrolls into view.
const ReportHistoryList = lazy(() => import('../features/reports/ReportHistoryList').then((m) => ({ default: m.ReportHistoryList })));

export default function ReportPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const params = useParams();
  const reportable = reportableEnterprises(session);
  const chosen = params.enterpriseId ? Number(params.enterpriseId) : reportable.length === 1 ? reportable[0] : undefined;
  const enterpriseId = chosen !== undefined && reportable.includes(chosen) ? chosen : undefined;
  const enterprise = useEnterprise(enterpriseId);
  const caseload = useEnterprises({ mine: true, pageSize: 200 }, reportable.length > 1 && can(session, 'enterprise.list'));
  const today = todayInChina();
  const reports = useEnterpriseReports(enterpriseId, addDays(today, -30), today);
  const historyRef = useRef<HTMLDivElement>(null);

  const picker =
    reportable.length > 1 ? (
      <Suspense fallback={null}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('reports.page.chooseEnterprise')}
          placeholder={t('reports.page.chooseEnterprise')}
          style={{ minWidth: 280, maxWidth: '100%' }}
          value={enterpriseId}
          loading={caseload.isPending}
          options={(caseload.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
          onChange={(id) => navigate(`/report/${id as number}`)}
        />
      </Suspense>
    ) : null;

  return (
    <>
      <PageHeader title={t('reports.page.title')} subtitle={enterprise.data?.name ?? t('reports.page.subtitle')} extra={picker} />
      {enterpriseId === undefined ? (
        <Panel>
          <EmptyState description={reportable.length ? t('reports.page.pick') : t('reports.page.none')} />
        </Panel>
      ) : enterprise.error ? (
        <ErrorState error={enterprise.error} onRetry={() => void enterprise.refetch()} />
      ) : reports.error ? (
        <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.isPending || enterprise.isPending ? (
        <PageLoading />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <ReportForm
              key={enterpriseId}
              enterpriseId={enterpriseId}
              headcount={enterprise.data.headcount}
              reports={reports.data}
              onShowHistory={() => historyRef.current?.scrollIntoView({ behavior: 'smooth' })}
            />
          </Col>
          <Col xs={24} lg={10}>
            <div ref={historyRef}>
              <Panel title={t('reports.history.title')}>
                <WhenVisible rows={4}>
                  <ReportHistoryList enterpriseId={enterpriseId} reports={reports.data} loading={reports.isFetching} />
                </WhenVisible>
              </Panel>
            </div>
          </Col>
        </Row>
      )}
    </>
  );
}
