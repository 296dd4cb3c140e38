import { HistoryOutlined } from '@ant-design/icons';
import { Button, List, Space, Tag, Typography } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPct } from '../../lib/format';
import { EmptyState, StageTag, ListItemMeta } from '../../lib/ui';
import type { Report } from './api';
import { CopiedTag } from './CopiedTag';

// The edit history table opens on demand: its Table stays out of the phone's first download.
const ReportRevisions = lazy(() => import('./ReportRevisions'));

/** Recent reports, newest first, each with its blockers and a link to its edit history. */
export function ReportHistoryList({ enterpriseId, reports, loading }: { enterpriseId: number; reports: Report[] | undefined; loading?: boolean }) {
  const { t } = useTranslation();
  const [revisionsOf, setRevisionsOf] = useState<string | null>(null);
  const items = reports ? [...reports].sort((a, b) => b.reportDate.localeCompare(a.reportDate)) : [];
  return (
    <>
      <List
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <EmptyState description={t('reports.history.empty')} /> }}
        pagination={items.length > 7 ? { pageSize: 7, size: 'small', align: 'center' } : false}
        renderItem={(r) => (
          <List.Item
            actions={
              r.version > 1
                ? [<Button key="h" type="link" size="small" icon={<HistoryOutlined />} onClick={() => setRevisionsOf(r.reportDate)}>{t('reports.history.edits', { count: r.version - 1 })}</Button>]
                : []
            }
          >
            <ListItemMeta
              title={
                <Space wrap size={8}>
                  <span className="mono">{r.reportDate}</span>
                  <StageTag stage={r.stage} />
                  {'copiedFromPrevious' in r && r.copiedFromPrevious ? <CopiedTag /> : null}
                </Space>
              }
              description={
                <Space orientation="vertical" size={4}>
                  <Typography.Text>
                    {t('reports.history.summary', { output: formatPct(r.outputPct), capacity: formatPct(r.capacityPct), staff: r.staffOnDuty, total: r.staffTotal })}
                  </Typography.Text>
                  {r.blockers.length ? (
                    <Space wrap size={[4, 4]}>
                      {r.blockers.map((b) => (
                        <Tag key={b.category} color="orange" className="note-tag" title={b.note || undefined}>
                          {b.note ? t('common.labelValue', { label: t(`common.blockers.${b.category}`), value: b.note }) : t(`common.blockers.${b.category}`)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary" className="small">{t('reports.history.noBlockers')}</Typography.Text>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {revisionsOf ? (
        <Suspense fallback={null}>
          <ReportRevisions enterpriseId={enterpriseId} date={revisionsOf} onClose={() => setRevisionsOf(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
