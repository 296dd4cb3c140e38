/**
 * 问题帮办: work queues as tabs for handlers (mine, my group's, unassigned, due soon, overdue,
 * all), "my problems" for an enterprise, filters in the query string, and the report form.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Card, Tabs, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProposalsCard } from '../features/tickets/ProposalsCard';
import { TicketFiltersBar } from '../features/tickets/TicketFiltersBar';
import { TicketFormDrawer } from '../features/tickets/TicketForm';
import { TicketTable } from '../features/tickets/TicketTable';
import { PRIORITIES, QUEUES, TICKET_CATEGORIES, TICKET_SORTS, TICKET_STATUSES, useTickets, type Queue, type TicketFilters } from '../features/tickets/api';
import '../features/tickets/tickets.css';
import { can, hasRole, useSession, type Session } from '../lib/session';
import { ErrorState, PageHeader } from '../lib/ui';
import { int, oneOf, str, useUrlState } from '../lib/useUrlState';

type Tab = Queue | 'all';

/** The queues a person works from, in tab order. */
export function queuesFor(s: Session): Tab[] {
  if (!can(s, 'ticket.handle')) return [];
  const tabs: Tab[] = ['mine'];
  if (s.workingGroups.length) tabs.push('group');
  if (can(s, 'ticket.route') || hasRole(s, 'group_member')) tabs.push('unassigned');
  tabs.push('due_soon', 'overdue');
  if (can(s, 'ticket.route') || hasRole(s, 'commissioner', 'group_member')) tabs.push('all');
  return tabs;
}

function defaultTab(s: Session, tabs: Tab[]): Tab {
  if (can(s, 'ticket.route')) return 'all';
  if (tabs.includes('group')) return 'group';
  if (hasRole(s, 'commissioner')) return 'all';
  return tabs[0] ?? 'all';
}

type UrlFilters = Omit<TicketFilters, 'queue'> & { tab?: Tab } & Record<string, string | number | boolean | undefined>;

const parse = (sp: URLSearchParams): UrlFilters => ({
  tab: oneOf(sp, 'tab', [...QUEUES, 'all'] as const),
  status: oneOf(sp, 'status', TICKET_STATUSES),
  open: sp.get('open') === 'true' || undefined,
  category: oneOf(sp, 'category', TICKET_CATEGORIES),
  priority: oneOf(sp, 'priority', PRIORITIES),
  enterpriseId: int(sp, 'enterpriseId'),
  q: str(sp, 'q'),
  sort: oneOf(sp, 'sort', TICKET_SORTS),
  order: oneOf(sp, 'order', ['asc', 'desc'] as const),
  page: int(sp, 'page'),
  pageSize: int(sp, 'pageSize'),
});

export default function ProblemsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [url, setUrl] = useUrlState(parse);
  const tabs = queuesFor(session);
  const enterpriseView = tabs.length === 0;
  const tab = url.tab && tabs.includes(url.tab) ? url.tab : defaultTab(session, tabs);
  const { tab: _tab, ...rest } = url;
  // Work queues come most urgent first; the full list newest first.
  const queue = enterpriseView || tab === 'all' ? undefined : tab;
  const filters: TicketFilters = { ...rest, queue, sort: rest.sort ?? (queue ? 'resolveDueAt' : undefined), order: rest.order ?? (queue && !rest.sort ? 'asc' : undefined) };
  const list = useTickets(filters);
  const [creating, setCreating] = useState(false);
  const filtered = !!(url.q || url.status || url.open || url.category || url.priority || url.enterpriseId);

  return (
    <>
      <PageHeader
        title={t(enterpriseView ? 'tickets.list.myTitle' : 'tickets.list.title')}
        subtitle={t(enterpriseView ? 'tickets.list.mySubtitle' : 'tickets.list.subtitle')}
        extra={
          can(session, 'ticket.create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ticket-create">
              {t(enterpriseView ? 'tickets.list.report' : 'tickets.list.reportOnBehalf')}
            </Button>
          ) : null
        }
      />
      {can(session, 'ticket.create') && (enterpriseView || hasRole(session, 'commissioner')) ? <ProposalsCard showEnterprise={!enterpriseView} /> : null}
      <Card className="tickets-card">
        {tabs.length ? (
          <Tabs
            activeKey={tab}
            onChange={(k) => setUrl({ tab: k as Tab, page: undefined })}
            items={tabs.map((k) => ({ key: k, label: t(`tickets.queues.${k}`) }))}
            className="ticket-tabs"
          />
        ) : null}
        <TicketFiltersBar filters={filters} onChange={setUrl} showEnterprise={can(session, 'enterprise.list')} />
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <TicketTable
            data={list.data}
            loading={list.isFetching}
            filters={filters}
            onChange={setUrl}
            enterpriseView={enterpriseView}
            emptyText={filtered ? t('tickets.list.noMatch') : enterpriseView ? t('tickets.list.myEmpty') : t(`tickets.list.empty.${tab}`)}
          />
        )}
      </Card>
      <TicketFormDrawer open={creating} onClose={() => setCreating(false)} onSaved={(ticket) => navigate(`/problems/${ticket.id}`)} />
    </>
  );
}
