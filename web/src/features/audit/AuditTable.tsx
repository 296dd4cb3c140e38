import { Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatInt } from '../../lib/format';
import { i18n } from '../../lib/i18n';
import { EmptyState } from '../../lib/ui';
import type { Audit, AuditEntry, AuditFilters } from './api';

function label(t: (k: string) => string, key: string, fallback: string) {
  return i18n.exists(key) ? t(key) : fallback;
}

/** A detail value as text: plain values as they are, lists joined, objects as key: value lines. */
function text(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${text(x)}`).join('; ');
  return String(v);
}

export function AuditTable({ data, loading, filters, onChange }: { data: Audit | undefined; loading: boolean; filters: AuditFilters; onChange: (p: Partial<AuditFilters>) => void }) {
  const { t } = useTranslation();
  return (
    <Table<AuditEntry>
      rowKey="id"
      loading={loading}
      dataSource={data?.items}
      scroll={{ x: 900 }}
      locale={{ emptyText: <EmptyState description={t('audit.empty')} /> }}
      pagination={{ current: data?.page ?? filters.page ?? 1, pageSize: data?.pageSize ?? 20, total: data?.total ?? 0, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
      onChange={(p) => onChange({ page: p.current, pageSize: p.pageSize })}
      expandable={{
        // The expand buttons' column needs a header a screen reader can announce.
        columnTitle: <span className="sr-only">{t('audit.fields.detail')}</span>,
        rowExpandable: (r) => Object.keys(r.detail).length > 0,
        expandedRowRender: (r) => (
          <Descriptions size="small" column={1} bordered>
            {Object.entries(r.detail).map(([k, v]) => (
              <Descriptions.Item key={k} label={label(t, `audit.detailKeys.${k}`, k)}>{text(v)}</Descriptions.Item>
            ))}
          </Descriptions>
        ),
      }}
      columns={[
        { title: t('audit.fields.at'), dataIndex: 'at', width: 190, render: (d: string) => formatDateTime(d) },
        { title: t('audit.fields.actor'), dataIndex: 'actorName', width: 220, render: (n: string | null) => n ?? <span className="muted">{t('audit.system')}</span> },
        { title: t('audit.fields.action'), dataIndex: 'action', width: 180, render: (a: string) => <Tag color="blue">{label(t, `audit.actions.${a}`, a)}</Tag> },
        {
          title: t('audit.fields.target'),
          key: 'target',
          render: (_, r) => (
            <span>
              {label(t, `audit.targets.${r.targetType}`, r.targetType)}
              {r.targetId ? <Typography.Text type="secondary" className="mono"> #{r.targetId}</Typography.Text> : null}
            </span>
          ),
        },
        { title: t('audit.fields.requestId'), dataIndex: 'requestId', width: 150, ellipsis: true, render: (id: string | null) => (id ? <Typography.Text type="secondary" className="mono small" copyable={{ text: id }}>{id.slice(0, 8)}</Typography.Text> : '—') },
      ]}
    />
  );
}
