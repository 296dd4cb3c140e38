import { FormOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatPct } from '../../lib/format';
import { EmptyState, StageTag } from '../../lib/ui';
import type { LatestStatus } from './api';
import { CopiedTag } from './CopiedTag';

type Item = LatestStatus['items'][number];

/** Each enterprise with its latest report and blockers; a shortcut to file today's report. */
export function LatestStatusTable({ data, loading, canReport }: { data: LatestStatus | undefined; loading: boolean; canReport: (id: number) => boolean }) {
  const { t } = useTranslation();
  return (
    <Table<Item>
      rowKey="enterpriseId"
      loading={loading}
      dataSource={data?.items}
      scroll={{ x: 820 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState description={t('caseload.empty')} /> }}
      columns={[
        { title: t('enterprises.fields.name'), dataIndex: 'name', width: 260, render: (n: string, r) => <Link to={`/members/${r.enterpriseId}`}>{n}</Link> },
        {
          title: t('enterprises.fields.today'),
          key: 'today',
          width: 200,
          render: (_, r) =>
            r.report && r.reportedToday ? (
              <Space size={6}>
                <StageTag stage={r.report.stage} />
                <span>{t('enterprises.status.output', { value: formatPct(r.report.outputPct) })}</span>
                {r.copiedFromPrevious ? <CopiedTag /> : null}
              </Space>
            ) : (
              <Space size={6}>
                <Tag color="red" variant="outlined">{t('enterprises.status.notReported')}</Tag>
                {r.report ? <Typography.Text type="secondary" className="small">{t('enterprises.status.last', { date: r.report.reportDate })}</Typography.Text> : null}
              </Space>
            ),
        },
        {
          title: t('caseload.latestBlockers'),
          key: 'blockers',
          render: (_, r) =>
            r.report?.blockers.length ? (
              <Space wrap size={[4, 4]}>
                {r.report.blockers.map((b) => (
                  <Tag key={b.category} color="orange" className="note-tag">
                    {b.note ? t('common.labelValue', { label: t(`common.blockers.${b.category}`), value: b.note }) : t(`common.blockers.${b.category}`)}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('reports.history.noBlockers')}</Typography.Text>
            ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 120,
          render: (_, r) =>
            canReport(r.enterpriseId) ? (
              <Link to={`/report/${r.enterpriseId}`}>
                <Button size="small" icon={<FormOutlined />}>{t('caseload.file')}</Button>
              </Link>
            ) : null,
        },
      ]}
    />
  );
}
