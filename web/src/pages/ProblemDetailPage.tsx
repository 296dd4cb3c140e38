/**
 * One problem: who raised it and who handles it, its deadlines (working days) and escalation,
 * the actions open to the reader now, the full timeline and the conversation.
 */
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, List, Rate, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { TicketRisksCard } from '../features/risks/LinkedProblems';
import { CommentBox } from '../features/tickets/CommentBox';
import { TicketActions } from '../features/tickets/TicketActions';
import { AttachmentLink, TicketTimeline } from '../features/tickets/TicketTimeline';
import { useTicket, type TicketFull } from '../features/tickets/api';
import { SlaDue, formatDueDay } from '../features/tickets/labels';
import { EscalationTag, PriorityTag, StatusTag } from '../lib/ticket-tags';
import '../features/tickets/tickets.css';
import { ApiError } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading } from '../lib/ui';

function Facts({ ticket }: { ticket: TicketFull }) {
  const { t } = useTranslation();
  const session = useSession();
  const lead = ticket.leadUser
    ? `${ticket.leadGroup ? `${t(`common.workingGroups.${ticket.leadGroup}`)} · ` : ''}${ticket.leadUser.displayName}`
    : ticket.leadGroup
      ? t(`common.workingGroups.${ticket.leadGroup}`)
      : t('tickets.list.unassigned');
  const co = ticket.handlers.map((h) => (h.kind === 'group' && h.workingGroup ? t(`common.workingGroups.${h.workingGroup}`) : h.enterprise?.name ?? h.user?.displayName ?? ''));
  return (
    <Descriptions column={1} size="small" className="ticket-facts" data-testid="ticket-facts">
      <Descriptions.Item label={t('tickets.fields.status')}><StatusTag status={ticket.status} /></Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.priority')}><PriorityTag priority={ticket.priority} /></Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.category')}>{t(`tickets.category.${ticket.category}`)}</Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.enterprise')}>
        {ticket.enterprise ? (can(session, 'enterprise.read') ? <Link to={`/members/${ticket.enterprise.id}`}>{ticket.enterprise.name}</Link> : ticket.enterprise.name) : t('tickets.list.allianceLevel')}
      </Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.lead')}>{lead}</Descriptions.Item>
      {co.length ? <Descriptions.Item label={t('tickets.fields.coHandlers')}><Space wrap size={4}>{co.map((c) => <Tag key={c}>{c}</Tag>)}</Space></Descriptions.Item> : null}
      <Descriptions.Item label={t('tickets.fields.responseDue')}>
        <span>{t('tickets.detail.endOfDay', { day: formatDueDay(ticket.responseDueAt) })}</span>
        {ticket.firstResponseAt ? <Typography.Text type="secondary" className="small block">{t('tickets.detail.respondedAt', { when: formatDateTime(ticket.firstResponseAt) })}</Typography.Text> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.resolveDue')}>
        <SlaDue ticket={ticket} />
        {ticket.resolvedAt ? <Typography.Text type="secondary" className="small block">{t('tickets.detail.resolvedAt', { when: formatDateTime(ticket.resolvedAt) })}</Typography.Text> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.escalation')}>
        {ticket.escalationLevel ? <EscalationTag level={ticket.escalationLevel} /> : <span className="muted">{t('tickets.escalation.none')}</span>}
      </Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.source')}>{t(`tickets.source.${ticket.source}`)}</Descriptions.Item>
      <Descriptions.Item label={t('tickets.fields.createdAt')}>
        {formatDateTime(ticket.createdAt)}
        {ticket.createdBy ? <Typography.Text type="secondary" className="small block">{ticket.createdBy.displayName}</Typography.Text> : null}
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function ProblemDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const ticket = useTicket(valid ? id : 0);
  const session = useSession();

  if (!valid) return <ErrorState error={new ApiError(404, 'not_found', '', null)} />;
  if (ticket.isPending) return <PageLoading rows={12} />;
  if (ticket.error) return <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const tk = ticket.data;

  return (
    <>
      <PageHeader
        title={
          <span className="ticket-heading">
            <span className="mono ticket-number">#{tk.id}</span> {tk.title}
          </span>
        }
        subtitle={<Link to="/problems"><ArrowLeftOutlined /> {t('tickets.detail.back')}</Link>}
        extra={<Button icon={<ReloadOutlined />} onClick={() => void ticket.refetch()} loading={ticket.isFetching} aria-label={t('common.refresh')} />}
      />
      <Card className="ticket-summary">
        <div className="ticket-summary-tags">
          <StatusTag status={tk.status} />
          <PriorityTag priority={tk.priority} />
          <Tag>{t(`tickets.category.${tk.category}`)}</Tag>
          <EscalationTag level={tk.escalationLevel} />
          {tk.enterprise ? <Typography.Text strong>{tk.enterprise.name}</Typography.Text> : null}
          <SlaDue ticket={tk} />
        </div>
        <TicketActions ticket={tk} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('tickets.fields.description')} className="section">
            {tk.description ? <Typography.Paragraph className="ticket-description" ellipsis={{ rows: 8, expandable: 'collapsible', symbol: (expanded: boolean) => (expanded ? t('common.collapse') : t('common.expand')) }}>{tk.description}</Typography.Paragraph> : <span className="muted">{t('tickets.detail.noDescription')}</span>}
            {tk.satisfaction !== null ? (
              <div className="ticket-rating" data-testid="ticket-rating">
                <Typography.Text strong>{t('tickets.rating.given')}</Typography.Text>
                <Rate disabled value={tk.satisfaction} aria-label={t('tickets.rating.stars', { score: tk.satisfaction })} />
                <span className="sr-only">{t('tickets.rating.stars', { score: tk.satisfaction })}</span>
                {tk.satisfactionComment ? <Typography.Text type="secondary">{tk.satisfactionComment}</Typography.Text> : null}
              </div>
            ) : null}
          </Card>
          <Card title={t('tickets.detail.timeline')} className="section">
            <TicketTimeline ticket={tk} />
            {tk.status !== 'closed' ? <CommentBox ticket={tk} /> : <div className="muted">{t('tickets.detail.closedNoComments')}</div>}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('tickets.detail.facts')} className="section">
            <Facts ticket={tk} />
            <Typography.Text type="secondary" className="small">{t('tickets.detail.workingDays')}</Typography.Text>
          </Card>
          {tk.parent || tk.children.length ? (
            <Card title={t('tickets.detail.related')} className="section">
              {tk.parent ? (
                <div className="related-parent">
                  {t('tickets.detail.parent')} <Link to={`/problems/${tk.parent.id}`}>#{tk.parent.id} {tk.parent.title}</Link>
                </div>
              ) : null}
              {tk.children.length ? (
                <List
                  size="small"
                  header={t('tickets.detail.children')}
                  dataSource={tk.children}
                  renderItem={(c) => (
                    <List.Item extra={<StatusTag status={c.status} />}>
                      <Link to={`/problems/${c.id}`}>#{c.id} {c.title}</Link>
                    </List.Item>
                  )}
                />
              ) : null}
            </Card>
          ) : null}
          {can(session, 'risk.read') ? <TicketRisksCard ticketId={tk.id} /> : null}
          <Card title={t('tickets.fields.attachments')} className="section">
            {tk.attachments.length ? (
              <List
                size="small"
                dataSource={tk.attachments}
                renderItem={(a) => (
                  <List.Item extra={a.visibility === 'internal' ? <Tag>{t('tickets.visibility.internal')}</Tag> : null}>
                    <AttachmentLink a={a} />
                  </List.Item>
                )}
              />
            ) : (
              <EmptyState description={t('tickets.attachments.none')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
