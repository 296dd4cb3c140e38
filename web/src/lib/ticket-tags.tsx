/**
 * How a problem's status, priority and escalation look wherever a problem is shown (the problems
 * pages, meeting agendas). Shared here so features show problems without importing each other.
 */
import { RiseOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Priority } from '@server/modules/tickets/sla';
import type { TicketStatus } from '@server/modules/tickets/ticket-state';

const STATUS_COLORS: Record<TicketStatus, string> = { submitted: 'gold', accepted: 'blue', in_progress: 'processing', pending: 'purple', resolved: 'green', closed: 'default' };
const PRIORITY_COLORS: Record<Priority, string> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'default' };

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]} data-testid="ticket-status">{t(`tickets.status.${status}`)}</Tag>;
}

export function PriorityTag({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return <Tag color={PRIORITY_COLORS[priority]} variant="outlined">{t(`tickets.priority.${priority}`)}</Tag>;
}

export function EscalationTag({ level }: { level: number }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Tag color={level >= 2 ? 'red' : 'orange'} icon={<RiseOutlined />}>
      {t('tickets.escalation.level', { level })}
    </Tag>
  );
}
