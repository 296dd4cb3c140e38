import { HistoryOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Space, Spin, Tag } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPct } from '../../lib/format';
import { EmptyState, StageTag } from '../../lib/ui';
import type { Report } from './api';
import { CopiedTag } from './CopiedTag';

// The edit history table opens on demand: its Table stays out of the phone's first download.
const ReportRevisions = lazy(() => import('./ReportRevisions'));
const PAGE_SIZE = 7;

/** Recent reports, newest first, each with its blockers and a link to its edit history. */
export function ReportHistoryList({ enterpriseId, reports, loading }: { enterpriseId: number; reports: Report[] | undefined; loading?: boolean }) {
  const { t } = useTranslation();
  const [revisionsOf, setRevisionsOf] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const items = reports ? [...reports].sort((a, b) => b.reportDate.localeCompare(a.reportDate)) : [];
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = items.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  return (
    <>
      {/* Plain markup rather than antd List: its pagination brings a page-size Select (and a virtual
          list) into the daily report a phone downloads. */}
      {loading && !items.length ? <Spin /> : null}
      {!items.length && !loading ? (
        <EmptyState description={t('reports.history.empty')} />
      ) : (
        <ul className="report-history" aria-busy={loading || undefined}>
          {shown.map((r) => (
            <li key={r.reportDate} className="report-history-item">
              <div className="report-history-main">
                <Space wrap size={8}>
                  <span className="mono">{r.reportDate}</span>
                  <StageTag stage={r.stage} />
                  {'copiedFromPrevious' in r && r.copiedFromPrevious ? <CopiedTag /> : null}
                </Space>
                <Space orientation="vertical" size={4} className="report-history-detail">
                  <span>
                    {t('reports.history.summary', { output: formatPct(r.outputPct), capacity: formatPct(r.capacityPct), staff: r.staffOnDuty, total: r.staffTotal })}
                  </span>
                  {r.blockers.length ? (
                    <Space wrap size={[4, 4]}>
                      {r.blockers.map((b) => (
                        <Tag key={b.category} color="orange" className="note-tag" title={b.note || undefined}>
                          {b.note ? t('common.labelValue', { label: t(`common.blockers.${b.category}`), value: b.note }) : t(`common.blockers.${b.category}`)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    <span className="muted small">{t('reports.history.noBlockers')}</span>
                  )}
                </Space>
              </div>
              {r.version > 1 ? (
                <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setRevisionsOf(r.reportDate)}>{t('reports.history.edits', { count: r.version - 1 })}</Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? (
        <nav className="report-history-pager" aria-label={t('reports.history.pages')}>
          <Button size="small" type="text" icon={<LeftOutlined />} disabled={current === 1} onClick={() => setPage(current - 1)} aria-label={t('reports.history.previous')} />
          <span>{t('reports.history.page', { page: current, pages })}</span>
          <Button size="small" type="text" icon={<RightOutlined />} disabled={current === pages} onClick={() => setPage(current + 1)} aria-label={t('reports.history.next')} />
        </nav>
      ) : null}
      {revisionsOf ? (
        <Suspense fallback={null}>
          <ReportRevisions enterpriseId={enterpriseId} date={revisionsOf} onClose={() => setRevisionsOf(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
