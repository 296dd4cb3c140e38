/**
 * One order's quotes: quoting (another member firm); the poster's split editor (units per quote,
 * prefilled with the cheapest split, the sum never above the order) and, once split, recording
 * the units received from each quoting firm until the order is complete.
 */
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage, requiredRule } from '../../lib/errors';
import { formatInt } from '../../lib/format';
import { fenFromYuan, formatFen } from '../../lib/money';
import { EmptyState } from '../../lib/ui';
import { useCreateQuote, useOrderDelivery, useSplitOrder, useSplitSuggestion, type Order, type Quote } from './api';

interface QuoteValues {
  count: number;
  price: string;
  deliveryDate: Dayjs;
  note?: string;
}

export function OrderPanel({ order, ownFirm }: { order: Order; ownFirm: number | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const poster = ownFirm !== undefined && order.enterprise.id === ownFirm;
  const canQuote = ownFirm !== undefined && !poster && order.status === 'open';
  const suggestion = useSplitSuggestion(order.id, poster && order.quotes.length > 0 && order.status === 'open');
  const quote = useCreateQuote();
  const [form] = Form.useForm<QuoteValues>();
  const key = useRef(newIdempotencyKey());
  const required = requiredRule(t);
  const submitQuote = (v: QuoteValues) =>
    quote.mutate(
      { orderId: order.id, body: { enterpriseId: ownFirm!, count: v.count, unitPriceFen: fenFromYuan(v.price) ?? 0, deliveryDate: v.deliveryDate.format('YYYY-MM-DD'), note: v.note ?? '' }, idempotencyKey: key.current },
      { onSuccess: () => { message.success(t('market.quotes.saved')); key.current = newIdempotencyKey(); }, onError: (e) => applyFieldErrors(t, form, e) },
    );
  return (
    <div>
      {order.party ? (
        <Table<Quote>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.quotes}
          locale={{ emptyText: <EmptyState description={t('market.quotes.empty')} /> }}
          columns={[
            { key: 'firm', title: t('market.fields.firm'), render: (_, q) => q.enterprise.name },
            { key: 'count', title: t('market.fields.count'), align: 'right', render: (_, q) => formatInt(q.count) },
            { key: 'price', title: t('market.fields.unitPrice'), align: 'right', render: (_, q) => formatFen(q.unitPriceFen) },
            { key: 'date', title: t('market.fields.deliveryDate'), dataIndex: 'deliveryDate' },
            { key: 'awarded', title: t('market.fields.awarded'), align: 'right', render: (_, q) => (q.awardedCount === null ? '—' : formatInt(q.awardedCount)) },
            { key: 'delivered', title: t('market.fields.delivered'), align: 'right', render: (_, q) => formatInt(q.deliveredCount) },
          ]}
        />
      ) : (
        <p className="muted">{t('market.orders.private', { count: order.quoteCount })}</p>
      )}
      {poster && order.status === 'open' && order.quotes.length > 0 ? <SplitEditor order={order} suggested={suggestion.data} /> : null}
      {poster && order.status === 'split' ? <DeliveryRecorder order={order} /> : null}
      {canQuote ? (
        <Form<QuoteValues> form={form} layout="inline" onFinish={submitQuote} onValuesChange={() => (key.current = newIdempotencyKey())} className="section">
          <Form.Item name="count" label={t('market.fields.count')} rules={[required]}>
            <InputNumber min={1} max={order.count} precision={0} />
          </Form.Item>
          <Form.Item name="price" label={t('market.fields.unitPrice')} rules={[required, { validator: (_, v: string | undefined) => (!v || fenFromYuan(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('purchasing.form.badPrice')))) }]}>
            <Input prefix="¥" inputMode="decimal" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="deliveryDate" label={t('market.fields.deliveryDate')} rules={[required]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('market.fields.note')}>
            <Input maxLength={1000} />
          </Form.Item>
          <Button htmlType="submit" loading={quote.isPending}>{t('market.quotes.submit')}</Button>
        </Form>
      ) : null}
    </div>
  );
}

type Suggested = ReturnType<typeof useSplitSuggestion>['data'];

/** The poster's split: units per quote (at most the quote's), their sum at most the order's count. */
function SplitEditor({ order, suggested }: { order: Order; suggested: Suggested }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const split = useSplitOrder();
  const [counts, setCounts] = useState<Record<number, number>>({});
  const fillSuggestion = () => setCounts(Object.fromEntries(order.quotes.map((q) => [q.id, suggested?.lines.find((l) => l.quoteId === q.id)?.count ?? 0])));
  // Start from the cheapest split once it is known.
  useEffect(() => {
    if (suggested && !Object.keys(counts).length) fillSuggestion();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggested]);
  const total = order.quotes.reduce((s, q) => s + (counts[q.id] ?? 0), 0);
  const over = total > order.count;
  const costFen = order.quotes.reduce((s, q) => s + (counts[q.id] ?? 0) * q.unitPriceFen, 0);
  const submit = () => {
    const lines = order.quotes.filter((q) => (counts[q.id] ?? 0) > 0).map((q) => ({ quoteId: q.id, count: counts[q.id]! }));
    split.mutate({ orderId: order.id, version: order.version, lines }, { onSuccess: () => message.success(t('market.quotes.splitDone')), onError: (e) => message.error(errorMessage(t, e)) });
  };
  return (
    <div className="section" data-testid={`split-editor-${order.id}`}>
      <p><strong>{t('market.split.title')}</strong></p>
      {suggested ? <p className="muted small">{t('market.quotes.suggestion', { filled: formatInt(suggested.filled), unfilled: formatInt(suggested.unfilled), total: formatFen(suggested.totalFen) })}</p> : null}
      <Space wrap size="middle">
        {order.quotes.map((q) => (
          <label key={q.id} className="split-line">
            <span>{t('market.split.line', { firm: q.enterprise.name, max: formatInt(q.count) })}</span>{' '}
            <InputNumber min={0} max={q.count} precision={0} value={counts[q.id] ?? 0} onChange={(v) => setCounts((c) => ({ ...c, [q.id]: v ?? 0 }))} status={(counts[q.id] ?? 0) > q.count ? 'error' : undefined} />
          </label>
        ))}
      </Space>
      <p className="small" data-testid="split-sum">{t('market.split.sum', { total: formatInt(total), count: formatInt(order.count), cost: formatFen(costFen) })}</p>
      {over ? <Alert type="error" showIcon title={t('market.split.over', { count: formatInt(order.count) })} /> : null}
      <Space className="section">
        <Button onClick={fillSuggestion} disabled={!suggested}>{t('market.split.fill')}</Button>
        <Button type="primary" onClick={submit} loading={split.isPending} disabled={over || total === 0}>{t('market.split.submit')}</Button>
      </Space>
    </div>
  );
}

/** The poster records units received from each quoting firm, up to what it was awarded. */
function DeliveryRecorder({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const deliver = useOrderDelivery();
  const [counts, setCounts] = useState<Record<number, number | null>>({});
  const keys = useRef(new Map<number, string>());
  const open = order.quotes.filter((q) => (q.awardedCount ?? 0) > q.deliveredCount);
  const record = (q: Quote) => {
    const count = counts[q.id] ?? 0;
    if (count < 1) return;
    if (!keys.current.has(q.id)) keys.current.set(q.id, newIdempotencyKey());
    deliver.mutate(
      { orderId: order.id, quoteId: q.id, count, idempotencyKey: keys.current.get(q.id)! },
      {
        onSuccess: () => {
          message.success(t('market.deliveries.saved'));
          keys.current.delete(q.id);
          setCounts((c) => ({ ...c, [q.id]: null }));
        },
        onError: (e) => message.error(errorMessage(t, e)),
      },
    );
  };
  if (!open.length) return null;
  return (
    <div className="section" data-testid={`delivery-recorder-${order.id}`}>
      <p><strong>{t('market.deliveries.title')}</strong></p>
      <Space orientation="vertical">
        {open.map((q) => {
          const left = (q.awardedCount ?? 0) - q.deliveredCount;
          return (
            <Space key={q.id} wrap>
              <label>
                <span>{t('market.deliveries.line', { firm: q.enterprise.name, left: formatInt(left) })}</span>{' '}
                <InputNumber
                  min={1}
                  max={left}
                  precision={0}
                  value={counts[q.id] ?? null}
                  onChange={(v) => {
                    keys.current.delete(q.id);
                    setCounts((c) => ({ ...c, [q.id]: v }));
                  }}
                />
              </label>
              <Button onClick={() => record(q)} loading={deliver.isPending} disabled={!counts[q.id]}>{t('market.deliveries.record')}</Button>
            </Space>
          );
        })}
      </Space>
    </div>
  );
}
