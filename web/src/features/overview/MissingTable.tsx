import { Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useMissing, type Missing } from './api';

/** Members without a report today, oldest silence first as the server orders them. */
export function MissingTable({ mine = false, pageSize = 8 }: { mine?: boolean; pageSize?: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useMissing(page, pageSize, mine);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table<Missing['items'][number]>
      size="small"
      rowKey="enterpriseId"
      loading={q.isPending}
      dataSource={q.data?.items}
      locale={{ emptyText: <EmptyState description={t('overview.missing.allReported')} /> }}
      pagination={{ current: page, pageSize, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small', hideOnSinglePage: true }}
      columns={[
        { title: t('overview.missing.name'), dataIndex: 'name', render: (name: string, r) => <Link to={`/members/${r.enterpriseId}`}>{name}</Link> },
        { title: t('overview.missing.commissioner'), dataIndex: 'commissioner', render: (c: string | null) => c ?? <span className="muted">{t('common.unassigned')}</span>, responsive: ['md'] },
        {
          title: t('overview.missing.lastReport'),
          dataIndex: 'lastReportDate',
          className: 'nowrap',
          render: (d: string | null) => (d ? d : <Tag>{t('overview.missing.never')}</Tag>),
        },
      ]}
    />
  );
}
