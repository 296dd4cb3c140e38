import { Table, Typography } from 'antd';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { districtName, industryName } from '../../lib/domain';
import { formatInt } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { EmptyState } from '../../lib/ui';
import type { Enterprise, EnterpriseFilters, EnterpriseList } from './api';
import { TodayStatus } from './TodayStatus';

type SortKey = NonNullable<EnterpriseFilters['sort']>;

interface Props {
  data: EnterpriseList | undefined;
  loading: boolean;
  filters: EnterpriseFilters;
  onChange: (patch: Partial<EnterpriseFilters>) => void;
  emptyText?: string;
  /** Rows chosen for a bulk action (kept across pages); no checkboxes when absent. */
  selection?: { selected: Enterprise[]; onChange: (rows: Enterprise[]) => void };
}

/**
 * antd copies column titles into an aria-hidden row it uses to measure widths; a focusable
 * "select all" checkbox there breaks accessibility (aria-hidden-focus), so the copy renders empty.
 */
function NotInMeasureRow({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [hidden, setHidden] = useState(false);
  useLayoutEffect(() => setHidden(!!ref.current?.closest('[aria-hidden="true"]')), []);
  return <span ref={ref}>{hidden ? null : children}</span>;
}

/** Server-side paged and sorted member table. */
export function EnterpriseTable({ data, loading, filters, onChange, emptyText, selection }: Props) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const sortOrder = (key: SortKey) => (filters.sort === key ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);
  return (
    <Table<Enterprise>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data?.items}
      scroll={{ x: 960 }}
      rowSelection={
        selection
          ? {
              selectedRowKeys: selection.selected.map((e) => e.id),
              preserveSelectedRowKeys: true,
              fixed: 'left',
              columnWidth: 48,
              columnTitle: (checkbox) => <NotInMeasureRow>{checkbox}</NotInMeasureRow>,
              getTitleCheckboxProps: () => ({ 'aria-label': t('enterprises.list.selectPage') }),
              getCheckboxProps: (r) => ({ 'aria-label': t('enterprises.list.selectRow', { name: r.name }) }),
              // antd passes rows of other pages as undefined: keep the ones we already hold.
              onChange: (keys) => {
                const known = new Map([...selection.selected, ...(data?.items ?? [])].map((e) => [e.id, e]));
                selection.onChange(keys.map((k) => known.get(Number(k))).filter((e): e is Enterprise => !!e));
              },
            }
          : undefined
      }
      locale={{ emptyText: <EmptyState description={emptyText ?? t('enterprises.list.empty')} /> }}
      pagination={{
        current: data?.page ?? filters.page ?? 1,
        pageSize: data?.pageSize ?? filters.pageSize ?? 20,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => t('common.totalItems', { total: formatInt(total) }),
      }}
      onChange={(p, _f, sorter) => {
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Enterprise>;
        const sort = s.order ? (s.columnKey as SortKey) : undefined;
        onChange({ page: p.current, pageSize: p.pageSize, sort, order: s.order === 'descend' ? 'desc' : s.order ? 'asc' : undefined });
      }}
      columns={[
        {
          key: 'name',
          title: t('enterprises.fields.name'),
          dataIndex: 'name',
          sorter: true,
          sortOrder: sortOrder('name'),
          fixed: 'left',
          width: 280,
          render: (name: string, r) => (
            <div>
              <Link to={`/members/${r.id}`} className="member-link">{name}</Link>
              <div><Typography.Text type="secondary" className="mono small">{r.creditCode}</Typography.Text></div>
            </div>
          ),
        },
        { key: 'districtCode', title: t('enterprises.fields.district'), dataIndex: 'districtCode', sorter: true, sortOrder: sortOrder('districtCode'), width: 140, render: (c: string) => districtName(c, locale) },
        { key: 'industry', title: t('enterprises.fields.industry'), dataIndex: 'industry', width: 180, ellipsis: true, render: (c: string) => industryName(c, locale) },
        { key: 'headcount', title: t('enterprises.fields.headcount'), dataIndex: 'headcount', sorter: true, sortOrder: sortOrder('headcount'), align: 'right', width: 130, render: (v: number) => formatInt(v) },
        { key: 'commissioner', title: t('enterprises.fields.commissioner'), dataIndex: 'commissioner', width: 170, ellipsis: true, render: (c: Enterprise['commissioner']) => c?.displayName ?? <span className="muted">{t('common.unassigned')}</span> },
        { key: 'outputPct', title: t('enterprises.fields.today'), dataIndex: 'latest', sorter: true, sortOrder: sortOrder('outputPct'), width: 210, render: (l: Enterprise['latest']) => <TodayStatus latest={l} /> },
      ]}
    />
  );
}
