/** The briefings made on the schedule (daily, and weekly on Mondays), newest first, with their files. */
import { Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { EmptyState, ErrorAlert, ErrorState } from '../../lib/ui';
import { useDownloadStored, useScheduledBriefings, type Scheduled } from './api';

type Row = Scheduled['items'][number];

export function ScheduledBriefings() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useScheduledBriefings(page);
  const download = useDownloadStored();
  const name = (r: Row, ext: string) => `briefing-${r.scope}-${r.period}-${r.to}.${ext}`;
  return (
    <Card title={t('briefings.scheduled.title')} data-testid="briefing-scheduled">
      <p className="small">{t('briefings.scheduled.help')}</p>
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: <EmptyState description={t('briefings.scheduled.empty')} /> }}
          pagination={{ current: page, pageSize: 10, total: q.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { key: 'period', title: t('briefings.period.label'), render: (_, r) => t(`briefings.period.${r.period}`) },
            { key: 'span', title: t('briefings.scheduled.span'), render: (_, r) => (r.from === r.to ? r.to : `${r.from} – ${r.to}`) },
            { key: 'createdAt', title: t('briefings.scheduled.createdAt'), render: (_, r) => formatDateTime(r.createdAt) },
            {
              key: 'files',
              title: t('briefings.scheduled.files'),
              render: (_, r) => (
                <Space>
                  {r.pdfFileId !== null ? (
                    <Button size="small" onClick={() => download.mutate({ fileId: r.pdfFileId!, name: name(r, 'pdf') })}>
                      PDF<span className="sr-only"> {r.to}</span>
                    </Button>
                  ) : null}
                  <Button size="small" onClick={() => download.mutate({ fileId: r.xlsxFileId, name: name(r, 'xlsx') })}>
                    Excel<span className="sr-only"> {r.to}</span>
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {download.error ? <ErrorAlert error={download.error} /> : null}
    </Card>
  );
}
