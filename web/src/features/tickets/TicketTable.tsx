import { Badge, Table, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInt } from '../../lib/format';
import { EmptyState } from '../../lib/ui';
import type { Ticket, TicketFilters, TicketList } from './api';
import { EscalationTag, PriorityTag, StatusTag } from '../../lib/ticket-tags';
import { SlaDue, formatShort } from './labels';

type SortKey = NonNullable<TicketFilters['sort']>;

interface Props {
  data: TicketList | undefined;
  loading: boolean;
  filters: TicketFilters;
  onChange: (patch: Partial<TicketFilters>) => void;
  emptyText: string;
  /** Enterprise accounts: no enterprise or handler columns. */
  enterpriseView?: boolean;
}

/** Server-side paged and sorted problem list. */
export function TicketTable({ data, loading, filters, onChange, emptyText, enterpriseView }: Props) {
  const { t } = useTranslation();
  const sortKey = filters.sort ?? 'createdAt';
  const sortOrder = (key: SortKey) => (sortKey === key ? ((filters.order ?? 'desc') === 'desc' ? 'descend' : 'ascend') : null);
  return (
    <Table<Ticket>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items}
      scroll={{ x: enterpriseView ? 820 : 1060 }}
      rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
      locale={{ emptyText: <EmptyState description={emptyText} /> }}
      pagination={{
        current: data?.page ?? filters.page ?? 1,
        pageSize: data?.pageSize ?? filters.pageSize ?? 20,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => t('common.totalItems', { total: formatInt(total) }),
      }}
      onChange={(p, _f, sorter) => {
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Ticket>;
        const sort = s.order ? (s.columnKey as SortKey) : undefined;
        onChange({ page: p.current, pageSize: p.pageSize, sort, order: s.order === 'descend' ? 'desc' : s.order ? 'asc' : undefined });
      }}
      columns={[
        { key: 'id', title: t('tickets.fields.number'), dataIndex: 'id', width: 76, sorter: true, sortOrder: sortOrder('id'), render: (id: number) => <span className="mono">#{id}</span> },
        {
          key: 'title',
          title: t('tickets.fields.title'),
          dataIndex: 'title',
          minWidth: 240,
          render: (title: string, r) => (
            <div className="ticket-title-cell">
              <Link to={`/problems/${r.id}`} className="ticket-link">{title}</Link>
              <div className="ticket-sub">
                <Typography.Text type="secondary" className="small">{t(`tickets.category.${r.category}`)}</Typography.Text>
                {r.parentId ? <Typography.Text type="secondary" className="small">{t('tickets.list.childOf', { id: r.parentId })}</Typography.Text> : null}
                <EscalationTag level={r.escalationLevel} />
              </div>
            </div>
          ),
        },
        ...(enterpriseView
          ? []
          : [
              {
                key: 'enterprise',
                title: t('tickets.fields.enterprise'),
                dataIndex: 'enterprise',
                width: 170,
                ellipsis: true,
                render: (e: Ticket['enterprise']) => e?.name ?? <span className="muted">{t('tickets.list.allianceLevel')}</span>,
              },
            ]),
        { key: 'priority', title: t('tickets.fields.priority'), dataIndex: 'priority', width: 96, sorter: true, sortOrder: sortOrder('priority'), render: (p: Ticket['priority']) => <PriorityTag priority={p} /> },
        { key: 'status', title: t('tickets.fields.status'), dataIndex: 'status', width: 96, render: (s: Ticket['status']) => <StatusTag status={s} /> },
        {
          key: 'lead',
          title: t('tickets.fields.lead'),
          width: 124,
          ellipsis: true,
          render: (_: unknown, r: Ticket) =>
            r.leadUser ? r.leadUser.displayName : r.leadGroup ? t(`common.workingGroups.${r.leadGroup}`) : <Badge status="warning" text={t('tickets.list.unassigned')} />,
        },
        { key: 'resolveDueAt', title: t('tickets.fields.resolveDue'), dataIndex: 'resolveDueAt', width: 172, sorter: true, sortOrder: sortOrder('resolveDueAt'), render: (_: string, r) => <SlaDue ticket={r} /> },
        { key: 'createdAt', title: t('tickets.fields.createdAt'), dataIndex: 'createdAt', width: 120, sorter: true, sortOrder: sortOrder('createdAt'), render: (v: string) => <span className="nowrap">{formatShort(v)}</span> },
      ]}
    />
  );
}
