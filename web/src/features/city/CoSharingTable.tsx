/** The city view's group purchasing and resource / order co-sharing: every alliance side by side, the city's totals below. */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInt } from '../../lib/format';
import { formatFen } from '../../lib/money';
import { ErrorState, PageLoading } from '../../lib/ui';
import { useCoSharing, type CoSharing } from './api';

type Row = CoSharing['alliances'][number];

export function CoSharingTable() {
  const { t } = useTranslation();
  const q = useCoSharing();
  if (q.isPending) return <PageLoading rows={4} />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const cells = (r: Pick<Row, 'purchasing' | 'market'>) => [
    `${formatInt(r.purchasing.openCampaigns)} / ${formatInt(r.purchasing.campaigns)}`,
    formatInt(r.purchasing.firms),
    formatFen(r.purchasing.committedFen),
    formatFen(r.purchasing.orderedFen),
    `${formatInt(r.market.openOffers)} / ${formatInt(r.market.openNeeds)}`,
    formatInt(r.market.dealsAgreed),
    formatInt(r.market.ordersPassedOn),
  ];
  const titles = ['openCampaigns', 'firms', 'committed', 'ordered', 'board', 'deals', 'orders'] as const;
  const city = cells(q.data.city);
  return (
    <Table<Row>
      rowKey={(r) => r.alliance.id}
      size="small"
      pagination={false}
      scroll={{ x: 900 }}
      dataSource={q.data.alliances}
      data-testid="city-co-sharing"
      columns={[
        { key: 'alliance', title: t('city.coSharing.alliance'), render: (_, r) => r.alliance.name },
        ...titles.map((k, i) => ({ key: k, title: t(`city.coSharing.${k}`), align: 'right' as const, render: (_: unknown, r: Row) => cells(r)[i] })),
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><strong>{t('city.coSharing.city')}</strong></Table.Summary.Cell>
          {city.map((v, i) => (
            <Table.Summary.Cell key={titles[i]} index={i + 1} align="right"><strong data-testid={`city-co-${titles[i]}`}>{v}</strong></Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}
