import { HistoryOutlined } from '@ant-design/icons';
import { Button, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatPct } from '../../lib/format';
import { EmptyState, ErrorState, PageLoading, StageTag } from '../../lib/ui';
import { useReportHistory, type Report } from './api';

function Revisions({ enterpriseId, date, onClose }: { enterpriseId: number; date: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useReportHistory(enterpriseId, date);
  const rows = q.data ? [{ version: q.data.current.version, changedAt: q.data.current.updatedAt, snapshot: q.data.current, current: true }, ...q.data.revisions.map((r) => ({ ...r, current: false }))] : [];
  return (
    <Modal open={!!date} onCancel={onClose} footer={null} width={760} title={t('reports.history.revisionsTitle', { date })}>
      {q.isPending ? (
        <PageLoading rows={3} />
      ) : q.error ? (
        <ErrorState error={q.error} />
      ) : (
        <Table
          size="small"
          rowKey="version"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 600 }}
          columns={[
            { title: t('reports.history.version'), dataIndex: 'version', render: (v: number, r) => <Space>{v}{r.current ? <Tag color="blue">{t('reports.history.current')}</Tag> : null}</Space> },
            { title: t('reports.history.changedAt'), dataIndex: 'changedAt', render: (d: string) => formatDateTime(d) },
            { title: t('reports.fields.stage'), key: 'stage', render: (_, r) => <StageTag stage={r.snapshot.stage} /> },
            { title: t('reports.fields.outputPct'), key: 'o', render: (_, r) => formatPct(r.snapshot.outputPct) },
            { title: t('reports.fields.capacityPct'), key: 'c', render: (_, r) => formatPct(r.snapshot.capacityPct) },
            { title: t('reports.history.staff'), key: 's', render: (_, r) => `${r.snapshot.staffOnDuty} / ${r.snapshot.staffTotal}` },
          ]}
        />
      )}
    </Modal>
  );
}

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
            <List.Item.Meta
              title={
                <Space wrap size={8}>
                  <span className="mono">{r.reportDate}</span>
                  <StageTag stage={r.stage} />
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
                        <Tag key={b.category} color="orange" title={b.note || undefined}>
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
      <Revisions enterpriseId={enterpriseId} date={revisionsOf} onClose={() => setRevisionsOf(null)} />
    </>
  );
}
