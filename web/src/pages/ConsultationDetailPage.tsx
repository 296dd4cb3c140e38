/** One consultation: the problem, experts (ranking for the handler), conversation, visits, outcome, rating. */
import { Col, Descriptions, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Conversation, OutcomeCard, RankingCard, RateClose, RespondBar, StatusTag, VisitsCard } from '../features/experts/ConsultationParts';
import { useConsultation } from '../features/experts/api';
import { useSession } from '../lib/session';
import { ErrorState, PageHeader, PageLoading } from '../lib/ui';

export default function ConsultationDetailPage() {
  const { t } = useTranslation();
  const session = useSession();
  const id = Number(useParams().id);
  const q = useConsultation(id);
  if (q.isPending) return <PageLoading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  return (
    <>
      <PageHeader title={c.ticket.title} subtitle={<Space><StatusTag status={c.status} />{c.enterprise.name}</Space>} />
      <RespondBar c={c} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('experts.problem')}>{session.allianceId === c.allianceId ? <Link to={`/problems/${c.ticket.id}`}>#{c.ticket.id}</Link> : `#${c.ticket.id}`} {c.ticketDescription}</Descriptions.Item>
            <Descriptions.Item label={t('experts.machine')}>{c.machine || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('experts.symptoms')}>{c.symptoms || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('experts.experts')}>
              <Space wrap>{c.experts.map((e) => <span key={`${e.user.id}-${e.assignedAt}`}>{e.user.displayName} <StatusTag status={e.status} /></span>)}{c.openSeats ? <Tag color="orange">{t('experts.openSeats', { count: c.openSeats })}</Tag> : null}</Space>
            </Descriptions.Item>
          </Descriptions>
          <div className="section"><Conversation c={c} /></div>
        </Col>
        <Col xs={24} lg={12}>
          <RankingCard c={c} />
          <div className="section"><VisitsCard c={c} userId={session.user.id} /></div>
          <div className="section"><OutcomeCard c={c} /></div>
          <div className="section"><RateClose c={c} /></div>
        </Col>
      </Row>
    </>
  );
}
