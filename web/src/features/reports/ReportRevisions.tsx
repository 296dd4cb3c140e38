/** One day's report with its earlier versions (opened from the report history). */
import { Modal, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatPct } from '../../lib/format';
import { ErrorState, PageLoading, StageTag } from '../../lib/ui';
import { useReportHistory } from './api';

export default function Revisions({ enterpriseId, date, onClose }: { enterpriseId: number; date: string | null; onClose: () => void }) {
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
