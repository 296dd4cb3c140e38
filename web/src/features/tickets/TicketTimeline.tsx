/**
 * The full history of a problem, oldest first: filing, status changes, transfers (with reason),
 * comments, attachments (download links), co-handler changes, splits, escalations and the
 * rating. Internal entries are marked; the server never sends them to enterprise accounts.
 */
import { LockOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Rate, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import type { Attachment, TicketFull, TimelineEvent } from './api';
import { formatDueDay } from './labels';

const COLORS: Partial<Record<TimelineEvent['kind'], string>> = {
  created: 'blue',
  status: 'green',
  transfer: 'purple',
  comment: 'gray',
  escalation: 'red',
  warning: 'orange',
  rating: 'gold',
};

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentLink({ a }: { a: Attachment }) {
  return (
    <a href={a.url} download={a.name} className="attachment-link" data-testid="attachment-link">
      <PaperClipOutlined aria-hidden /> {a.name} <span className="muted small">({formatSize(a.size)})</span>
    </a>
  );
}

function groupOrPerson(t: TFunction, group: unknown, userId: unknown, ticket: TicketFull): string {
  if (typeof userId === 'number') {
    const name = ticket.leadUser?.id === userId ? ticket.leadUser.displayName : ticket.handlers.find((h) => h.user?.id === userId)?.user?.displayName;
    const person = name ?? t('tickets.timeline.aPerson');
    return typeof group === 'string' ? `${t(`common.workingGroups.${group}`)} · ${person}` : person;
  }
  return typeof group === 'string' ? t(`common.workingGroups.${group}`) : t('tickets.list.unassigned');
}

function describe(t: TFunction, e: TimelineEvent, ticket: TicketFull): ReactNode {
  const who = e.actor?.displayName ?? t('tickets.timeline.system');
  const d = e.data;
  switch (e.kind) {
    case 'created':
      return t('tickets.timeline.created', { who, group: typeof d.leadGroup === 'string' ? t(`common.workingGroups.${d.leadGroup}`) : t('tickets.list.unassigned') });
    case 'status':
      if (d.reason === 'children_closed') return t('tickets.timeline.autoClosed');
      if (e.fromStatus === 'resolved' && e.toStatus === 'in_progress') return t('tickets.timeline.reopened', { who });
      if (e.fromStatus === 'submitted' && e.toStatus === 'closed') return t('tickets.timeline.withdrawn', { who });
      if (e.fromStatus === 'pending' && typeof d.pausedWorkdays === 'number') {
        return `${t('tickets.timeline.status.in_progress', { who })}${t('tickets.timeline.pausedFor', { days: d.pausedWorkdays, due: formatDueDay(String(d.resolveDueAt)) })}`;
      }
      return t(`tickets.timeline.status.${e.toStatus ?? 'submitted'}`, { who });
    case 'transfer':
      return t('tickets.timeline.transfer', { who, to: groupOrPerson(t, d.toGroup, d.toUserId, ticket) });
    case 'comment':
      return t('tickets.timeline.comment', { who });
    case 'escalation':
      if (d.reason === 'response') return t('tickets.timeline.escalationResponse');
      if (d.level === 3) return t('tickets.timeline.escalationCity');
      return t('tickets.timeline.escalation', { level: typeof d.level === 'number' ? d.level : 1 });
    case 'warning':
      return t('tickets.timeline.warning');
    case 'attachment':
      return t('tickets.timeline.attachment', { who });
    case 'handlers':
      return t('tickets.timeline.handlers', { who });
    case 'split':
      return t('tickets.timeline.split', { who, count: Array.isArray(d.children) ? d.children.length : 0 });
    case 'rating':
      return t('tickets.timeline.rating', { who });
    case 'edit':
      return t('tickets.timeline.edit', { who });
    case 'consultation':
      return t('tickets.timeline.consultation', { who, step: t(`experts.steps.${typeof d.step === 'string' ? d.step : 'requested'}`) });
    default:
      return who;
  }
}

function Body({ e, ticket }: { e: TimelineEvent; ticket: TicketFull }) {
  const { t } = useTranslation();
  if (e.kind === 'attachment') {
    const a = ticket.attachments.find((x) => x.id === e.data.attachmentId);
    return a ? <AttachmentLink a={a} /> : <span className="muted">{e.body}</span>;
  }
  if (e.kind === 'rating') {
    const score = typeof e.data.score === 'number' ? e.data.score : 0;
    return (
      <div>
        <Rate disabled value={score} aria-label={t('tickets.rating.stars', { score })} />
        {e.body ? <Typography.Paragraph className="timeline-text">{e.body}</Typography.Paragraph> : null}
      </div>
    );
  }
  if (e.kind === 'consultation' && typeof e.data.consultationId === 'number') {
    return (
      <div className="timeline-links">
        <Link to={`/consultations/${e.data.consultationId}`}>{t('tickets.timeline.openConsultation')}</Link>
        {e.body ? <Typography.Paragraph className="timeline-text">{e.body}</Typography.Paragraph> : null}
      </div>
    );
  }
  if (e.kind === 'split' && Array.isArray(e.data.children)) {
    return (
      <div className="timeline-links">
        {(e.data.children as number[]).map((id) => (
          <Link key={id} to={`/problems/${id}`} className="mono">#{id}</Link>
        ))}
      </div>
    );
  }
  if (!e.body) return null;
  const label = e.kind === 'status' && e.toStatus === 'resolved' ? t('tickets.timeline.resolution') : e.kind === 'transfer' ? t('tickets.timeline.reason') : null;
  return (
    <Typography.Paragraph className="timeline-text">
      {label ? <strong>{label}</strong> : null}
      {e.body}
    </Typography.Paragraph>
  );
}

export function TicketTimeline({ ticket }: { ticket: TicketFull }) {
  const { t } = useTranslation();
  return (
    <Timeline
      className="ticket-timeline"
      items={ticket.events.map((e) => ({
        key: e.id,
        color: e.visibility === 'internal' ? 'gray' : (COLORS[e.kind] ?? 'blue'),
        content: (
          <div className={`timeline-entry timeline-${e.kind}${e.visibility === 'internal' ? ' is-internal' : ''}`} data-testid={`event-${e.kind}`} data-visibility={e.visibility}>
            <div className="timeline-head">
              <span className="timeline-what">{describe(t, e, ticket)}</span>
              {e.visibility === 'internal' ? (
                <Tag icon={<LockOutlined />} color="default" className="internal-tag">{t('tickets.visibility.internal')}</Tag>
              ) : null}
              <time className="timeline-time" dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            </div>
            <Body e={e} ticket={ticket} />
          </div>
        ),
      }))}
    />
  );
}
