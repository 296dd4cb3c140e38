/** The firms behind a figure: paginated, sortable, exportable. */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Drawer, Table } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { districtName, industryName } from '../../lib/domain';
import { formatInt, formatPct } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { EmptyState, ErrorAlert, StageTag } from '../../lib/ui';
import { useCityFirms, useExportCityFirms, type CityFirms, type FirmSort, type FirmsFilter, type FirmsView } from './api';

type Firm = CityFirms['items'][number];
const FIRST: FirmsView = { page: 1, pageSize: 20, sort: 'name', order: 'asc' };

export function FirmsDrawer({ filter, onClose }: { filter: FirmsFilter | null; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [view, setView] = useState<FirmsView>(FIRST);
  useEffect(() => setView(FIRST), [filter]);
  const firms = useCityFirms(filter, view);
  const exporter = useExportCityFirms();
  const scope = filter
    ? [filter.allianceName ?? t('city.scope.city'), filter.district ? districtName(filter.district, locale) : null, filter.industry ? industryName(filter.industry, locale) : null].filter(Boolean).join(' · ')
    : '';
  const sortOrder = (key: FirmSort) => (view.sort === key ? (view.order === 'desc' ? 'descend' : 'ascend') : null);
  return (
    <Drawer
      open={filter !== null}
      onClose={onClose}
      size="large"
      title={filter ? t('city.drill.title', { figure: t(`city.figures.${filter.figure}`), scope }) : ''}
      extra={filter && <Button icon={<DownloadOutlined />} loading={exporter.isPending} onClick={() => exporter.mutate({ f: filter, v: view })}>{t('city.drill.export')}</Button>}
      data-testid="city-firms-drawer"
    >
      {firms.error ? <ErrorAlert error={firms.error} /> : null}
      {exporter.error ? <ErrorAlert error={exporter.error} /> : null}
      <Table<Firm>
        rowKey="id"
        size="small"
        loading={firms.isFetching}
        dataSource={firms.data?.items}
        scroll={{ x: 760 }}
        locale={{ emptyText: <EmptyState description={t('city.drill.empty')} /> }}
        pagination={{
          current: view.page,
          pageSize: view.pageSize,
          total: firms.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.totalItems', { total: formatInt(total) }),
        }}
        onChange={(p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Firm>;
          setView({ page: p.current ?? 1, pageSize: p.pageSize ?? 20, sort: s.order ? (s.columnKey as FirmSort) : 'name', order: s.order === 'descend' ? 'desc' : 'asc' });
        }}
        columns={[
          { key: 'name', title: t('city.firm.name'), dataIndex: 'name', sorter: true, sortOrder: sortOrder('name'), width: 220, render: (name: string, r) => <Link to={`/members/${r.id}`}>{name}</Link> },
          { key: 'districtCode', title: t('city.firm.district'), dataIndex: 'districtCode', sorter: true, sortOrder: sortOrder('districtCode'), width: 110, render: (c: string) => districtName(c, locale) },
          { key: 'industry', title: t('city.firm.industry'), dataIndex: 'industry', sorter: true, sortOrder: sortOrder('industry'), width: 150, ellipsis: true, render: (c: string) => industryName(c, locale) },
          { key: 'headcount', title: t('city.firm.headcount'), dataIndex: 'headcount', sorter: true, sortOrder: sortOrder('headcount'), align: 'right', width: 90, render: (v: number) => formatInt(v) },
          { key: 'stage', title: t('city.firm.stage'), width: 110, render: (_, r) => (r.report ? <StageTag stage={r.report.stage} /> : <span className="muted">{t('city.firm.notReported')}</span>) },
          { key: 'outputPct', title: t('city.firm.output'), sorter: true, sortOrder: sortOrder('outputPct'), align: 'right', width: 90, render: (_, r) => formatPct(r.report?.outputPct) },
          { key: 'capacityPct', title: t('city.firm.capacity'), sorter: true, sortOrder: sortOrder('capacityPct'), align: 'right', width: 90, render: (_, r) => formatPct(r.report?.capacityPct) },
          { key: 'staffOnDuty', title: t('city.firm.staff'), sorter: true, sortOrder: sortOrder('staffOnDuty'), align: 'right', width: 110, render: (_, r) => (r.report ? `${formatInt(r.report.staffOnDuty)} / ${formatInt(r.report.staffTotal)}` : '—') },
        ]}
      />
    </Drawer>
  );
}
