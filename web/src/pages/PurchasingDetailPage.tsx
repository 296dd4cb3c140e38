/** One group-purchase campaign: items and live tiers, the firm's pledges, every firm's pledges (staff), lock and allocation, supplier order, deliveries and settlement statements. */
import { DownloadOutlined, LockOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { unitLabel } from '@server/domain/units';
import { DeliveriesCard } from '../features/purchasing/DeliveriesCard';
import { LockModal } from '../features/purchasing/LockModal';
import { PledgePanel } from '../features/purchasing/PledgePanel';
import { downloadSettlement, useCampaign, useOrder, usePledges, type CampaignItem, type PledgeLine } from '../features/purchasing/api';
import { formatFen } from '../lib/money';
import { CampaignStatusTag, TierList, TierNow } from '../features/purchasing/parts';
import '../features/purchasing/purchasing.css';
import { errorMessage } from '../lib/errors';
import { formatDateTime, formatInt } from '../lib/format';
import { currentLocale } from '../lib/i18n';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader, PageLoading } from '../lib/ui';
import NotFoundPage from './NotFoundPage';

export default function PurchasingDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const campaign = useCampaign(valid ? id : 0);
  const pledges = usePledges(valid ? id : 0);
  const order = useOrder(id);
  const [locking, setLocking] = useState(false);
  const [downloading, setDownloading] = useState<number | null>(null);
  if (!valid) return <NotFoundPage />;
  if (campaign.isPending) return <PageLoading />;
  if (campaign.error) return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />;
  const c = campaign.data;
  const manage = can(session, 'purchase.manage');
  const ownFirm = can(session, 'purchase.pledge') ? session.enterpriseIds[0] : undefined;
  const locale = currentLocale();
  const lines = pledges.data ?? [];
  const firms = [...new Map(lines.map((l) => [l.enterprise.id, l.enterprise])).values()];
  const itemOf = (itemId: number) => c.items.find((i) => i.id === itemId);
  const download = (enterpriseId: number) => {
    setDownloading(enterpriseId);
    downloadSettlement(c.id, enterpriseId)
      .catch((e: unknown) => message.error(errorMessage(t, e)))
      .finally(() => setDownloading(null));
  };

  return (
    <>
      <PageHeader
        title={c.title}
        subtitle={t('purchasing.detail.subtitle', { supplier: c.supplier })}
        extra={
          <>
            <CampaignStatusTag status={c.status} />
            {c.pledgeOpen ? <Tag color="red">{t('purchasing.pledging')}</Tag> : null}
            {manage && c.status === 'open' ? <Button icon={<LockOutlined />} onClick={() => setLocking(true)} data-testid="campaign-lock">{t('purchasing.lock.action')}</Button> : null}
            {manage && c.status === 'locked' ? (
              <Popconfirm title={t('purchasing.order.confirm')} onConfirm={() => order.mutate(c.version, { onSuccess: () => message.success(t('purchasing.order.done')), onError: (e) => message.error(errorMessage(t, e)) })}>
                <Button type="primary" icon={<ShoppingCartOutlined />} loading={order.isPending} data-testid="campaign-order">{t('purchasing.order.action')}</Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      <Card className="section">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('purchasing.fields.supplier')}>{c.supplier}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.fields.pledgeDeadline')}>{formatDateTime(c.pledgeDeadline)}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.fields.allocationRule')}>{t(`purchasing.rules.${c.allocationRule}`)}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.fields.firmCount')}>{formatInt(c.firmCount)}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.fields.total')}><span data-testid="campaign-total">{formatFen(c.totalFen)}</span></Descriptions.Item>
          {c.lockedAt ? <Descriptions.Item label={t('purchasing.fields.lockedAt')}>{formatDateTime(c.lockedAt)}</Descriptions.Item> : null}
          {c.orderedAt ? <Descriptions.Item label={t('purchasing.fields.orderedAt')}>{formatDateTime(c.orderedAt)}</Descriptions.Item> : null}
        </Descriptions>
        {c.description ? <p className="muted">{c.description}</p> : null}
      </Card>
      <Card title={t('purchasing.detail.items')} className="section">
        <Table<CampaignItem>
          rowKey="id"
          size="small"
          dataSource={c.items}
          pagination={false}
          scroll={{ x: 1000 }}
          columns={[
            { key: 'name', title: t('purchasing.fields.itemName'), render: (_, i) => <div><strong>{i.name}</strong><div className="muted small">{i.spec}</div></div> },
            { key: 'tiers', title: t('purchasing.fields.tiers'), width: 260, render: (_, i) => <TierList item={i} /> },
            { key: 'pledged', title: t('purchasing.fields.pledged'), width: 160, align: 'right', render: (_, i) => <div><span data-testid={`pledged-${i.id}`}>{formatInt(i.pledgedCount)} {unitLabel(i.unit, locale)}</span><div className="small">{i.minimumReached ? <Tag color="green">{t('purchasing.minReached')}</Tag> : <Tag>{t('purchasing.minMissing', { min: formatInt(i.minTotalCount) })}</Tag>}</div></div> },
            { key: 'price', title: t('purchasing.fields.priceNow'), width: 240, render: (_, i) => <TierNow item={i} /> },
            { key: 'allocated', title: t('purchasing.fields.allocated'), width: 110, align: 'right', render: (_, i) => (i.allocatedCount === null ? '—' : formatInt(i.allocatedCount)) },
            { key: 'delivered', title: t('purchasing.fields.delivered'), width: 110, align: 'right', render: (_, i) => formatInt(i.deliveredCount) },
            { key: 'received', title: t('purchasing.fields.received'), width: 110, align: 'right', render: (_, i) => formatInt(i.receivedCount) },
          ]}
        />
      </Card>
      {ownFirm !== undefined ? <PledgePanel campaign={c} enterpriseId={ownFirm} /> : null}
      <Card title={manage || ownFirm === undefined ? t('purchasing.detail.pledges') : t('purchasing.detail.myLines')} className="section">
        {pledges.error ? (
          <ErrorState error={pledges.error} onRetry={() => void pledges.refetch()} />
        ) : (
          <Table<PledgeLine>
            rowKey="id"
            size="small"
            loading={pledges.isFetching && !pledges.data}
            dataSource={lines}
            pagination={lines.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <EmptyState description={t('purchasing.detail.noPledges')} /> }}
            columns={[
              { key: 'firm', title: t('purchasing.fields.firm'), render: (_, l) => l.enterprise.name },
              { key: 'item', title: t('purchasing.fields.itemName'), render: (_, l) => itemOf(l.itemId)?.name ?? '—' },
              { key: 'count', title: t('purchasing.fields.pledged'), align: 'right', render: (_, l) => formatInt(l.count) },
              { key: 'allocated', title: t('purchasing.fields.allocated'), align: 'right', render: (_, l) => (l.allocatedCount === null ? '—' : formatInt(l.allocatedCount)) },
              { key: 'received', title: t('purchasing.fields.received'), align: 'right', render: (_, l) => formatInt(l.receivedCount) },
              { key: 'cost', title: t('purchasing.pledge.expectedCost'), align: 'right', render: (_, l) => formatFen(l.expectedCostFen) },
            ]}
          />
        )}
      </Card>
      {c.status !== 'open' && firms.length ? (
        <Card title={t('purchasing.settlement.title')} className="section">
          <Space wrap>
            {firms.map((f) => (
              <Button key={f.id} icon={<DownloadOutlined />} loading={downloading === f.id} onClick={() => download(f.id)} data-testid={`settlement-${f.id}`}>
                {t('purchasing.settlement.download', { firm: f.name })}
              </Button>
            ))}
          </Space>
        </Card>
      ) : null}
      {c.status === 'ordered' || c.status === 'completed' ? <DeliveriesCard campaign={c} firms={firms} staff={manage} /> : null}
      {manage ? <LockModal campaign={c} open={locking} onClose={() => setLocking(false)} /> : null}
    </>
  );
}
