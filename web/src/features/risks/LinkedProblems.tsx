/** The problems (工单) linked to a risk: title, status, a link to each; and a problem's linked risks. */
import { Card, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketStatus } from '@server/modules/tickets/ticket-state';
import { StatusTag } from '../../lib/ticket-tags';
import { ErrorState } from '../../lib/ui';
import { useRisksOfTicket, type Risk } from './api';
import { LevelTag } from './LevelTag';

export function LinkedProblems({ risk }: { risk: Risk }) {
  const { t } = useTranslation();
  if (!risk.tickets.length) return <span className="muted" data-testid="risk-problems">{t('risks.problems.none')}</span>;
  return (
    <List
      size="small"
      data-testid="risk-problems"
      header={t('risks.problems.title', { count: risk.tickets.length })}
      dataSource={risk.tickets}
      renderItem={(x) => (
        <List.Item extra={<StatusTag status={x.status as TicketStatus} />}>
          <Link to={`/problems/${x.id}`}>#{x.id} {x.title}</Link>
        </List.Item>
      )}
    />
  );
}

const STATUS_COLORS: Record<Risk['status'], string> = { open: 'red', mitigating: 'gold', closed: 'default' };

/** A problem's linked risks (the problem page); nothing when there are none. */
export function TicketRisksCard({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const risks = useRisksOfTicket(ticketId);
  if (risks.isPending || (risks.data && !risks.data.length)) return null;
  return (
    <Card title={t('risks.problems.linkedRisks')} className="section" data-testid="ticket-risks">
      {risks.error ? (
        <ErrorState error={risks.error} onRetry={() => void risks.refetch()} />
      ) : (
        <List<Risk>
          size="small"
          dataSource={risks.data}
          renderItem={(r) => (
            <List.Item extra={<LevelTag score={r.score} />}>
              <Link to={`/risks?q=${encodeURIComponent(r.title)}`}>{r.title}</Link> <Tag color={STATUS_COLORS[r.status]}>{t(`risks.statuses.${r.status}`)}</Tag>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
