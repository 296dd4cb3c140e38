import { ArrowLeftOutlined, AuditOutlined, EditOutlined, FormOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { EnterpriseFormDrawer } from '../features/enterprises/EnterpriseForm';
import { EnterpriseContacts, EnterpriseProfile } from '../features/enterprises/EnterpriseProfile';
import { useEnterprise } from '../features/enterprises/api';
import { MembershipCard } from '../features/memberships/MembershipCard';
import { ReportHistoryList } from '../features/reports/ReportHistoryList';
import { ReportTrendChart } from '../features/reports/ReportTrendChart';
import { useEnterpriseReports } from '../features/reports/api';
import { ApiError } from '../lib/api';
import { addDays, todayInChina } from '../lib/format';
import { can, canEditEnterprise, canEditMembership, reportableEnterprises, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading } from '../lib/ui';

export default function MemberDetailPage() {
  const { t } = useTranslation();
  const session = useSession();
  const id = Number(useParams().id);
  const enterprise = useEnterprise(Number.isInteger(id) && id > 0 ? id : -1);
  const today = todayInChina();
  const reports = useEnterpriseReports(enterprise.data ? id : undefined, addDays(today, -29), today);
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();

  if (!(id > 0)) return <ErrorState error={new ApiError(404, 'not_found', '', null)} />;
  if (enterprise.isPending) return <PageLoading rows={10} />;
  if (enterprise.error) return <ErrorState error={enterprise.error} onRetry={() => void enterprise.refetch()} />;
  const e = enterprise.data;

  return (
    <>
      <PageHeader
        title={e.name}
        subtitle={can(session, 'enterprise.list') ? <Link to="/members"><ArrowLeftOutlined /> {t('enterprises.detail.back')}</Link> : t('enterprises.detail.subtitle')}
        extra={
          <>
            {can(session, 'audit.read') ? (
              <Link to={`/audit?targetType=enterprise&targetId=${e.id}`}>
                <Button icon={<AuditOutlined />}>{t('enterprises.detail.editHistory')}</Button>
              </Link>
            ) : null}
            {reportableEnterprises(session).includes(e.id) ? (
              <Link to={`/report/${e.id}`}>
                <Button icon={<FormOutlined />}>{t('enterprises.detail.fileReport')}</Button>
              </Link>
            ) : null}
            {canEditEnterprise(session, e.id) ? <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button> : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <EnterpriseProfile enterprise={e} canAssignCommissioner={can(session, 'commissioner.assign')} />
        </Col>
        {can(session, 'enterprise.list') ? (
          <Col xs={24}>
            <MembershipCard
              member={e}
              canEditNotes={canEditMembership(session, e.id)}
              canRemove={can(session, 'membership.remove')}
              onRemoved={() => navigate('/members')}
            />
          </Col>
        ) : null}
        <Col xs={24} xl={16}>
          <Card title={t('reports.history.chartTitle')}>
            {reports.error ? (
              <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />
            ) : reports.isPending ? (
              <PageLoading rows={4} />
            ) : reports.data.length ? (
              <ReportTrendChart reports={reports.data} />
            ) : (
              <EmptyState description={t('reports.history.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <EnterpriseContacts enterprise={e} />
        </Col>
        <Col xs={24}>
          <Card title={t('reports.history.title')}>
            <ReportHistoryList enterpriseId={e.id} reports={reports.data} loading={reports.isFetching} />
          </Card>
        </Col>
      </Row>
      <EnterpriseFormDrawer open={editing} enterprise={e} onClose={() => setEditing(false)} />
    </>
  );
}
