/**
 * Members without a report today, oldest silence first as the server orders them. A plain table
 * with a previous/next pager: the overview and the caseload page show a handful of rows, and Ant
 * Design's Table (with its pagination and select) would be the heaviest code on the overview.
 */
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useMissing } from './api';

export function MissingTable({ mine = false, pageSize = 8 }: { mine?: boolean; pageSize?: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useMissing(page, pageSize, mine);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Skeleton active paragraph={{ rows: 4 }} title={false} />;
  if (q.data.items.length === 0) return <EmptyState description={t('overview.missing.allReported')} />;
  const pages = Math.max(1, Math.ceil(q.data.total / pageSize));
  return (
    <>
      <table className="plain-table" data-testid="missing-table" aria-busy={q.isFetching}>
        <thead>
          <tr>
            <th scope="col">{t('overview.missing.name')}</th>
            <th scope="col" className="hide-narrow">{t('overview.missing.commissioner')}</th>
            <th scope="col" className="nowrap">{t('overview.missing.lastReport')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.items.map((r) => (
            <tr key={r.enterpriseId}>
              <td><Link to={`/members/${r.enterpriseId}`}>{r.name}</Link></td>
              <td className="hide-narrow">{r.commissioner ?? <span className="muted">{t('common.unassigned')}</span>}</td>
              <td className="nowrap">{r.lastReportDate ?? <Tag>{t('overview.missing.never')}</Tag>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="report-history-pager" aria-label={t('overview.missing.pages')}>
          <Button size="small" type="text" icon={<LeftOutlined />} disabled={page === 1} onClick={() => setPage(page - 1)} aria-label={t('overview.missing.previous')} />
          <span>{t('overview.missing.pageOf', { page, pages })}</span>
          <Button size="small" type="text" icon={<RightOutlined />} disabled={page >= pages} onClick={() => setPage(page + 1)} aria-label={t('overview.missing.next')} />
        </nav>
      )}
    </>
  );
}
