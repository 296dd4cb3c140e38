/** How the deadlines of problems look (status, priority and escalation tags: lib/ticket-tags). */
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDueDay } from '../../lib/format';
import type { Ticket } from './api';

export { formatDueDay, formatShort } from '../../lib/format';

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
