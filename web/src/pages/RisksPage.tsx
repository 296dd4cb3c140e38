/** 风险防控化解: the register with filters, the 5 × 5 heat map, and reviews that are overdue. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, List, Row, Select, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LinkedProblems } from '../features/risks/LinkedProblems';
import { ProposalsCard } from '../features/risks/ProposalsCard';
import { LevelTag, RiskFormDrawer } from '../features/risks/RiskForm';
import { RiskHeatmap } from '../features/risks/RiskHeatmap';
import { RISK_CATEGORIES, RISK_LEVELS, RISK_SORTS, RISK_STATUSES, useHeatmap, useOverdueReviews, useRisks, type Risk, type RiskFilters } from '../features/risks/api';
import '../features/risks/risks.css';
import { formatInt } from '../lib/format';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading, ListItemMeta } from '../lib/ui';
import { int, oneOf, str, useUrlState } from '../lib/useUrlState';

const STATUS_COLORS: Record<Risk['status'], string> = { open: 'red', mitigating: 'gold', closed: 'default' };

const parse = (sp: URLSearchParams): RiskFilters & Record<string, string | number | boolean | undefined> => ({
  status: oneOf(sp, 'status', RISK_STATUSES),
  category: oneOf(sp, 'category', RISK_CATEGORIES),
  level: oneOf(sp, 'level', RISK_LEVELS),
  q: str(sp, 'q'),
  sort: oneOf(sp, 'sort', RISK_SORTS),
  order: oneOf(sp, 'order', ['asc', 'desc'] as const),
  page: int(sp, 'page'),
  pageSize: int(sp, 'pageSize'),
});

export default function RisksPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [filters, setFilters] = useUrlState(parse);
  const list = useRisks(filters);
  const heatmap = useHeatmap();
  const overdue = useOverdueReviews();
  const [editing, setEditing] = useState<Risk | 'new' | null>(null);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const manage = can(session, 'risk.manage');
  const sortOrder = (k: NonNullable<RiskFilters['sort']>) => ((filters.sort ?? 'score') === k ? ((filters.order ?? 'desc') === 'desc' ? 'descend' : 'ascend') : null);
  const openRisk = (r: Risk) => (manage ? setEditing(r) : undefined);

  return (
    <>
      <PageHeader
        title={t('risks.title')}
        subtitle={t('risks.subtitle')}
        extra={manage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('risks.create')}</Button> : null}
      />
      <Row gutter={[16, 16]} className="section">
        <Col xs={24} lg={12}>
          <Card title={t('risks.heatmap.title')} extra={<Typography.Text type="secondary" className="small">{t('risks.heatmap.active')}</Typography.Text>}>
            {heatmap.isPending ? <PageLoading rows={5} /> : heatmap.error ? <ErrorState error={heatmap.error} onRetry={() => void heatmap.refetch()} /> : <RiskHeatmap data={heatmap.data} />}
            <div className="heatmap-legend" aria-hidden>
              <span><i style={{ background: '#b91c1c' }} />{t('risks.levels.high')} ≥ 15</span>
              <span><i style={{ background: '#f59e0b' }} />{t('risks.levels.medium')} 8–14</span>
              <span><i style={{ background: '#86efac' }} />{t('risks.levels.low')} &lt; 8</span>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('risks.overdue.title', { count: overdue.data?.length ?? 0 })} data-testid="risk-overdue">
            {overdue.error ? (
              <ErrorState error={overdue.error} onRetry={() => void overdue.refetch()} />
            ) : (
              <List<Risk>
                loading={overdue.isPending}
                dataSource={overdue.data ?? []}
                locale={{ emptyText: <EmptyState description={t('risks.overdue.none')} /> }}
                renderItem={(r) => (
                  <List.Item extra={<LevelTag score={r.score} />}>
                    <ListItemMeta
                      title={manage ? <a onClick={() => openRisk(r)} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && openRisk(r)}>{r.title}</a> : r.title}
                      description={<span className="review-overdue">{t('risks.overdue.since', { date: r.reviewDate ?? '', owner: r.owner?.displayName ?? t('common.unassigned') })}</span>}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <ProposalsCard manage={manage} />
      <Card title={t('risks.register')}>
        <div className="filters" role="search">
          <Input.Search className="filter-search" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilters({ q: v.trim() || undefined, page: 1 })} placeholder={t('risks.searchPlaceholder')} aria-label={t('risks.search')} />
          <Select allowClear aria-label={t('risks.fields.category')} placeholder={t('risks.anyCategory')} value={filters.category} options={RISK_CATEGORIES.map((c) => ({ value: c, label: t(`risks.categories.${c}`) }))} onChange={(v?: Risk['category']) => setFilters({ category: v, page: 1 })} style={{ width: 150 }} />
          <Select allowClear aria-label={t('risks.fields.level')} placeholder={t('risks.anyLevel')} value={filters.level} options={RISK_LEVELS.map((l) => ({ value: l, label: t(`risks.levels.${l}`) }))} onChange={(v?: Risk['level']) => setFilters({ level: v, page: 1 })} style={{ width: 130 }} />
          <Select allowClear aria-label={t('risks.fields.status')} placeholder={t('risks.anyStatus')} value={filters.status} options={RISK_STATUSES.map((s) => ({ value: s, label: t(`risks.statuses.${s}`) }))} onChange={(v?: Risk['status']) => setFilters({ status: v, page: 1 })} style={{ width: 130 }} />
        </div>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Risk>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: 1000 }}
            expandable={{ expandedRowRender: (r) => <LinkedProblems risk={r} />, rowExpandable: () => true }}
            locale={{ emptyText: <EmptyState description={t('risks.empty')} /> }}
            pagination={{ current: list.data?.page ?? 1, pageSize: list.data?.pageSize ?? 20, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.totalItems', { total: formatInt(n) }) }}
            onChange={(p, _f, sorter) => {
              const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Risk>;
              setFilters({ page: p.current, pageSize: p.pageSize, sort: s.order ? (s.columnKey as RiskFilters['sort']) : undefined, order: s.order === 'descend' ? 'desc' : s.order ? 'asc' : undefined });
            }}
            columns={[
              {
                key: 'title',
                title: t('risks.fields.title'),
                dataIndex: 'title',
                width: 260,
                render: (title: string, r) => (
                  <div>
                    {manage ? <a onClick={() => openRisk(r)} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && openRisk(r)}>{title}</a> : title}
                    <div className="muted small">{t(`risks.categories.${r.category}`)}</div>
                  </div>
                ),
              },
              { key: 'score', title: t('risks.fields.score'), dataIndex: 'score', width: 130, sorter: true, sortOrder: sortOrder('score'), render: (s: number, r) => <span className="risk-score"><LevelTag score={s} /><span className="muted small">{r.likelihood}×{r.impact}</span></span> },
              { key: 'status', title: t('risks.fields.status'), dataIndex: 'status', width: 100, render: (s: Risk['status']) => <Tag color={STATUS_COLORS[s]}>{t(`risks.statuses.${s}`)}</Tag> },
              { key: 'enterprises', title: t('risks.fields.enterprises'), dataIndex: 'enterprises', width: 220, ellipsis: true, render: (es: Risk['enterprises']) => es.map((e) => e.name).join(t('risks.separator')) || '—' },
              { key: 'owner', title: t('risks.fields.owner'), dataIndex: 'owner', width: 160, ellipsis: true, render: (o: Risk['owner']) => o?.displayName ?? <span className="muted">{t('common.unassigned')}</span> },
              { key: 'reviewDate', title: t('risks.fields.reviewDate'), dataIndex: 'reviewDate', width: 130, sorter: true, sortOrder: sortOrder('reviewDate'), render: (d: string | null, r) => (d ? <span className={r.reviewOverdue ? 'review-overdue' : undefined}>{d}</span> : '—') },
              { key: 'version', title: t('risks.fields.version'), dataIndex: 'version', width: 80, align: 'right', render: (v: number) => `v${v}` },
            ]}
          />
        )}
      </Card>
      <RiskFormDrawer open={editing !== null} risk={editing && editing !== 'new' ? editing : undefined} onClose={() => setEditing(null)} />
    </>
  );
}
