/** How the deadlines of problems look (status, priority and escalation tags: lib/ticket-tags). */
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../lib/i18n';
import type { Ticket } from './api';

/** The day a deadline ends (deadlines are the end of a Shanghai day), e.g. "12月8日周二". */
export function formatDueDay(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(Date.parse(iso) - 1));
}

/** A short instant for tables, e.g. "11月27日 17:40". */
export function formatShort(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** Open and due before the end of the next day: the "due soon" look (the server decides the queue). */
export function dueState(t: Pick<Ticket, 'status' | 'resolveDueAt' | 'overdue'>): 'overdue' | 'soon' | 'ok' | 'done' | 'paused' {
  if (t.status === 'resolved' || t.status === 'closed') return 'done';
  if (t.status === 'pending') return 'paused';
  if (t.overdue) return 'overdue';
  return dayjs(t.resolveDueAt).diff(dayjs(), 'hour') <= 36 ? 'soon' : 'ok';
}

/** The resolve deadline: red when overdue, orange when due soon. */
export function SlaDue({ ticket, compact }: { ticket: Pick<Ticket, 'status' | 'resolveDueAt' | 'overdue' | 'resolvedAt'>; compact?: boolean }) {
  const { t } = useTranslation();
  const state = dueState(ticket);
  const when = formatDueDay(ticket.resolveDueAt);
  const label = state === 'overdue' ? t('tickets.sla.overdue') : state === 'soon' ? t('tickets.sla.dueSoon') : state === 'paused' ? t('tickets.actions.paused') : null;
  return (
    <Tooltip title={t('tickets.sla.resolveBy', { when })}>
      <span className={`sla sla-${state}`} data-testid="sla-due">
        {state === 'overdue' ? <ExclamationCircleOutlined aria-hidden /> : <ClockCircleOutlined aria-hidden />}{' '}
        {when}
        {label && !compact ? <span className="sla-label">{label}</span> : null}
      </span>
    </Tooltip>
  );
}
