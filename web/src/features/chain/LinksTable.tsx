/**
 * Supply links the person may see (staff: the alliance's map; an enterprise: its own links),
 * with confirm / edit / delete where allowed. Server-side paging and filters.
 */
import { CheckOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Grid, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { ApiError } from '../../lib/api';
import { errorMessage, fieldMessage } from '../../lib/errors';
import { formatInt } from '../../lib/format';
import { EmptyState } from '../../lib/ui';
import './chain.css';
import { useConfirmLink, useDeleteLink, type Link, type LinkFilters, type Links } from './api';

/** The sentence for a failed action: its field problem when it has one, else the error. */
export function problemText(t: Parameters<typeof errorMessage>[0], err: unknown): string {
  if (err instanceof ApiError && err.errors.length) return err.errors.map((e) => fieldMessage(t, e)).join('; ');
  return errorMessage(t, err);
}

export function LinkStatusTag({ link }: { link: Link }) {
  const { t } = useTranslation();
  if (link.status === 'confirmed') return <Tag color="green" variant="outlined">{t('chain.linkStatus.confirmed')}</Tag>;
  return (
    <Tooltip title={t('chain.links.pendingBy', { side: t(`chain.links.declaredBy.${link.declaredBy}`) })}>
      <Tag color="gold" variant="outlined">{t('chain.linkStatus.pending')}</Tag>
    </Tooltip>
  );
}

interface Props {
  data: Links | undefined;
  loading: boolean;
  filters: LinkFilters;
  onChange: (patch: Partial<LinkFilters>) => void;
  canEdit: boolean;
  staff: boolean;
  onEdit: (l: Link) => void;
  emptyText: string;
}

export function LinksTable({ data, loading, filters, onChange, canEdit, staff, onEdit, emptyText }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirmLink();
  const remove = useDeleteLink();
  // Pinned columns only where there is room for the ones between them.
  const wide = !!Grid.useBreakpoint().md;
  return (
    <Table<Link>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items}
      data-testid="links-table"
      scroll={{ x: 1080 }}
      locale={{ emptyText: <EmptyState description={emptyText} /> }}
      pagination={{
        current: data?.page ?? filters.page ?? 1,
        pageSize: data?.pageSize ?? filters.pageSize ?? 20,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (total) => t('common.totalItems', { total: formatInt(total) }),
      }}
      onChange={(p) => onChange({ page: p.current, pageSize: p.pageSize })}
      columns={[
        { key: 'supplier', title: t('chain.fields.supplier'), width: 230, fixed: wide ? 'left' : undefined, render: (_, l) => <RouterLink to={`/members/${l.supplier.id}`}>{l.supplier.name}</RouterLink> },
        { key: 'customer', title: t('chain.fields.customer'), width: 230, render: (_, l) => <RouterLink to={`/members/${l.customer.id}`}>{l.customer.name}</RouterLink> },
        { key: 'item', title: t('chain.fields.item'), width: 110, render: (_, l) => l.item.name },
        { key: 'share', title: t('chain.fields.share'), width: 90, align: 'right', render: (_, l) => `${l.sharePct}%` },
        { key: 'essential', title: t('chain.fields.essential'), width: 90, render: (_, l) => (l.essential ? <Tag color="red" variant="outlined">{t('chain.links.essentialYes')}</Tag> : <span className="muted">{t('chain.links.essentialNo')}</span>) },
        { key: 'lead', title: t('chain.fields.lead'), width: 90, align: 'right', render: (_, l) => t('chain.daysValue', { n: l.leadDays }) },
        { key: 'stock', title: t('chain.fields.stock'), width: 100, align: 'right', render: (_, l) => (l.stockDays === null ? <Typography.Text type="secondary">—</Typography.Text> : t('chain.daysValue', { n: l.stockDays })) },
        { key: 'status', title: t('chain.fields.linkStatus'), width: 100, render: (_, l) => <LinkStatusTag link={l} /> },
        ...(canEdit
          ? [
              {
                key: 'actions',
                title: t('common.actions'),
                width: 200,
                fixed: wide ? ('right' as const) : undefined,
                render: (_: unknown, l: Link) => (
                  <Space size={4} wrap>
                    {l.canConfirm || (staff && l.status === 'pending') ? (
                      <Button
                        size="small"
                        type="primary"
                        icon={<CheckOutlined />}
                        loading={confirm.isPending && confirm.variables?.id === l.id}
                        data-testid="link-confirm"
                        onClick={() =>
                          confirm.mutate(l, {
                            onSuccess: () => message.success(t('chain.links.confirmed', { supplier: l.supplier.name, customer: l.customer.name })),
                            onError: (err) => message.error(problemText(t, err)),
                          })
                        }
                      >
                        {t('chain.links.confirm')}
                      </Button>
                    ) : null}
                    <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onEdit(l)} aria-label={t('chain.links.editLabel', { supplier: l.supplier.name, customer: l.customer.name })} />
                    <Popconfirm
                      title={t('chain.links.deleteConfirm')}
                      okText={t('chain.links.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        remove.mutateAsync(l).then(
                          () => void message.success(t('chain.links.deleted')),
                          (err: unknown) => void message.error(problemText(t, err)),
                        )
                      }
                    >
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('chain.links.deleteLabel', { supplier: l.supplier.name, customer: l.customer.name })} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
