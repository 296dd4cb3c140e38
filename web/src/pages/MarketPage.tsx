/** 资源共济 · 订单共商: the board of offers and needs, explained matches, deals, and orders passed among members. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tabs, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatQuantity } from '@server/domain/units';
import { OrderFormDrawer, PostFormDrawer } from '../features/market/MarketForms';
import { OrderPanel } from '../features/market/OrderPanel';
import { RESOURCE_KINDS, useCreateDeal, useDealStep, useDeals, useMatches, useOrders, usePosts, type Deal, type Match, type Order, type Post } from '../features/market/api';
import { newIdempotencyKey } from '../lib/api';
import { districtName } from '../lib/domain';
import { errorMessage } from '../lib/errors';
import { formatInt } from '../lib/format';
import { currentLocale } from '../lib/i18n';
import { formatFen } from '../lib/money';
import { can, useSession } from '../lib/session';
import { EmptyState, ErrorState, PageHeader } from '../lib/ui';
import { oneOf, useUrlState } from '../lib/useUrlState';

const TABS = ['board', 'matches', 'deals', 'orders'] as const;
const parse = (sp: URLSearchParams) => ({ tab: oneOf(sp, 'tab', TABS), side: oneOf(sp, 'side', ['offer', 'need'] as const), kind: oneOf(sp, 'kind', RESOURCE_KINDS) });

function Board({ side, kind, setFilter }: { side?: Post['side']; kind?: Post['kind']; setFilter: (p: { side?: Post['side']; kind?: Post['kind'] }) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const posts = usePosts({ side, kind });
  return (
    <>
      <div className="filters" role="search">
        <Select allowClear aria-label={t('market.fields.side')} placeholder={t('market.anySide')} value={side} onChange={(v?: Post['side']) => setFilter({ side: v })} options={(['offer', 'need'] as const).map((s) => ({ value: s, label: t(`market.sides.${s}`) }))} style={{ width: 140 }} />
        <Select allowClear aria-label={t('market.fields.kind')} placeholder={t('market.anyKind')} value={kind} onChange={(v?: Post['kind']) => setFilter({ kind: v })} options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`market.kinds.${k}`) }))} style={{ width: 180 }} />
      </div>
      {posts.error ? (
        <ErrorState error={posts.error} onRetry={() => void posts.refetch()} />
      ) : (
        <Table<Post>
          rowKey="id"
          loading={posts.isFetching}
          dataSource={posts.data}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <EmptyState description={t('market.posts.empty')} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { key: 'side', title: t('market.fields.side'), width: 160, render: (_, p) => <><Tag color={p.side === 'offer' ? 'green' : 'blue'}>{t(`market.sides.${p.side}`)}</Tag>{p.urgent ? <Tag color="red">{t('market.urgent')}</Tag> : null}{p.urgentBreak ? <div className="muted small">{t('market.urgentWhy', { firm: p.urgentBreak.enterprise.name, day: p.urgentBreak.day, item: p.urgentBreak.item })}</div> : null}</> },
            { key: 'item', title: t('market.fields.item'), render: (_, p) => <div><strong>{p.item}</strong><div className="muted small">{t(`market.kinds.${p.kind}`)}{p.spec ? ` · ${p.spec}` : ''}</div></div> },
            { key: 'quantity', title: t('market.fields.quantity'), width: 140, align: 'right', render: (_, p) => formatQuantity(p.quantity, locale) },
            { key: 'firm', title: t('market.fields.firm'), width: 200, ellipsis: true, render: (_, p) => p.enterprise.name },
            { key: 'dates', title: t('market.fields.dates'), width: 200, render: (_, p) => `${p.availableFrom} – ${p.availableTo}` },
            { key: 'district', title: t('market.fields.district'), width: 120, render: (_, p) => (p.districtCode ? districtName(p.districtCode, locale) : '—') },
            { key: 'price', title: t('market.fields.price'), width: 130, align: 'right', render: (_, p) => (p.unitPriceFen === null ? t('market.free') : formatFen(p.unitPriceFen)) },
          ]}
        />
      )}
    </>
  );
}

function reasonText(t: (k: string, o?: Record<string, unknown>) => string, r: Match['reasons'][number]): string {
  if (r.code === 'priced') return t('market.reasons.priced', { price: formatFen(Number(r.value)) });
  return t(`market.reasons.${r.code}`, { value: r.value ?? '' });
}

function Matches({ ownFirm }: { ownFirm: number | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const matches = useMatches();
  const posts = usePosts({});
  const create = useCreateDeal();
  const keys = useRef(new Map<string, string>());
  const post = (id: number) => posts.data?.find((p) => p.id === id);
  const propose = (m: Match) => {
    const k = `${m.offerId}-${m.needId}`;
    if (!keys.current.has(k)) keys.current.set(k, newIdempotencyKey());
    create.mutate({ body: { offerId: m.offerId, needId: m.needId, amount: m.amount }, idempotencyKey: keys.current.get(k)! }, { onSuccess: () => message.success(t('market.deals.proposed')), onError: (e) => message.error(errorMessage(t, e)) });
  };
  if (matches.error) return <ErrorState error={matches.error} onRetry={() => void matches.refetch()} />;
  return (
    <Table<Match>
      rowKey={(m) => `${m.offerId}-${m.needId}`}
      loading={matches.isFetching}
      dataSource={matches.data}
      scroll={{ x: 900 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState description={t('market.matches.empty')} /> }}
      columns={[
        { key: 'pair', title: t('market.matches.pair'), render: (_, m) => <div>{post(m.offerId)?.enterprise.name ?? `#${m.offerId}`} → {post(m.needId)?.enterprise.name ?? `#${m.needId}`}{m.urgent ? <Tag color="red" className="tier-tag">{t('market.urgent')}</Tag> : null}<div className="muted small">{post(m.needId)?.item}</div></div> },
        { key: 'amount', title: t('market.fields.quantity'), width: 140, align: 'right', render: (_, m) => formatQuantity({ amount: m.amount, unit: m.unit }, currentLocale()) },
        { key: 'why', title: t('market.matches.why'), render: (_, m) => <ul className="tier-list">{m.reasons.map((r, i) => <li key={i}>{reasonText(t, r)}</li>)}</ul> },
        {
          key: 'action',
          title: t('common.actions'),
          width: 130,
          render: (_, m) => (ownFirm !== undefined && (post(m.offerId)?.enterprise.id === ownFirm || post(m.needId)?.enterprise.id === ownFirm) ? <Button size="small" onClick={() => propose(m)} loading={create.isPending}>{t('market.deals.propose')}</Button> : null),
        },
      ]}
    />
  );
}

function Deals({ ownFirm }: { ownFirm: number | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const deals = useDeals();
  const step = useDealStep();
  const act = (d: Deal, s: 'confirm' | 'deliver' | 'receive') => step.mutate({ id: d.id, version: d.version, step: s }, { onSuccess: () => message.success(t('market.deals.saved')), onError: (e) => message.error(errorMessage(t, e)) });
  if (deals.error) return <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />;
  return (
    <Table<Deal>
      rowKey="id"
      loading={deals.isFetching}
      dataSource={deals.data}
      scroll={{ x: 900 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState description={t('market.deals.empty')} /> }}
      columns={[
        { key: 'item', title: t('market.fields.item'), dataIndex: 'item' },
        { key: 'parties', title: t('market.deals.parties'), render: (_, d) => `${d.offerFirm.name} → ${d.needFirm.name}` },
        { key: 'amount', title: t('market.fields.quantity'), align: 'right', render: (_, d) => formatQuantity({ amount: d.amount, unit: d.unit }, currentLocale()) },
        { key: 'price', title: t('market.fields.price'), align: 'right', render: (_, d) => (d.unitPriceFen === null ? '—' : formatFen(d.unitPriceFen)) },
        { key: 'status', title: t('market.fields.status'), render: (_, d) => <Tag>{t(`market.dealStatuses.${d.status}`, { defaultValue: d.status })}</Tag> },
        {
          key: 'action',
          title: t('common.actions'),
          render: (_, d) => {
            const asOffer = ownFirm === d.offerFirm.id;
            const asNeed = ownFirm === d.needFirm.id;
            const mine = (asOffer && !d.offerConfirmed) || (asNeed && !d.needConfirmed);
            return (
              <Space>
                {d.status === 'proposed' && mine ? <Button size="small" onClick={() => act(d, 'confirm')}>{t('market.deals.confirm')}</Button> : null}
                {asOffer && (d.status === 'agreed' || d.status === 'delivered') ? <Button size="small" onClick={() => act(d, 'deliver')}>{t('market.deals.deliver')}</Button> : null}
                {asNeed && d.status === 'delivered' ? <Button size="small" onClick={() => act(d, 'receive')}>{t('market.deals.receive')}</Button> : null}
              </Space>
            );
          },
        },
      ]}
    />
  );
}

function Orders({ ownFirm }: { ownFirm: number | undefined }) {
  const { t } = useTranslation();
  const orders = useOrders();
  if (orders.error) return <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />;
  return (
    <Table<Order>
      rowKey="id"
      loading={orders.isFetching}
      dataSource={orders.data}
      scroll={{ x: 900 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState description={t('market.orders.empty')} /> }}
      expandable={{ expandedRowRender: (o) => <OrderPanel order={o} ownFirm={ownFirm} /> }}
      columns={[
        { key: 'title', title: t('market.fields.title'), render: (_, o) => <div><strong>{o.title}</strong><div className="muted small">{o.item}{o.spec ? ` · ${o.spec}` : ''}</div></div> },
        { key: 'firm', title: t('market.fields.firm'), render: (_, o) => o.enterprise.name },
        { key: 'count', title: t('market.fields.count'), align: 'right', render: (_, o) => formatInt(o.count) },
        { key: 'needBy', title: t('market.fields.needBy'), render: (_, o) => o.needBy ?? '—' },
        { key: 'target', title: t('market.fields.targetPrice'), align: 'right', render: (_, o) => (o.party ? formatFen(o.targetPriceFen) : <span className="muted">{t('market.hidden')}</span>) },
        { key: 'quotes', title: t('market.fields.quotes'), align: 'right', render: (_, o) => formatInt(o.quoteCount) },
        { key: 'status', title: t('market.fields.status'), render: (_, o) => <Tag>{t(`market.orderStatuses.${o.status}`, { defaultValue: o.status })}</Tag> },
      ]}
    />
  );
}

export default function MarketPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [url, setUrl] = useUrlState(parse);
  const tab = url.tab ?? 'board';
  const ownFirm = can(session, 'market.post') ? session.enterpriseIds[0] : undefined;
  const [drawer, setDrawer] = useState<'post' | 'order' | null>(null);
  return (
    <>
      <PageHeader
        title={t('market.title')}
        subtitle={t('market.subtitle')}
        extra={
          ownFirm !== undefined ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer('post')}>{t('market.posts.new')}</Button>
              <Button icon={<PlusOutlined />} onClick={() => setDrawer('order')}>{t('market.orders.new')}</Button>
            </>
          ) : null
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setUrl({ tab: k as (typeof TABS)[number] })}
          items={[
            { key: 'board', label: t('market.tabs.board'), children: <Board side={url.side} kind={url.kind} setFilter={(p) => setUrl(p)} /> },
            { key: 'matches', label: t('market.tabs.matches'), children: <Matches ownFirm={ownFirm} /> },
            { key: 'deals', label: t('market.tabs.deals'), children: <Deals ownFirm={ownFirm} /> },
            { key: 'orders', label: t('market.tabs.orders'), children: <Orders ownFirm={ownFirm} /> },
          ]}
        />
      </Card>
      {ownFirm !== undefined ? (
        <>
          <PostFormDrawer open={drawer === 'post'} enterpriseId={ownFirm} onClose={() => setDrawer(null)} />
          <OrderFormDrawer open={drawer === 'order'} enterpriseId={ownFirm} onClose={() => setDrawer(null)} />
        </>
      ) : null}
    </>
  );
}
