/** One order's quotes: quoting (another member firm), the suggested cheapest split and applying it (the poster). */
import { App, Button, DatePicker, Form, Input, InputNumber, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage, requiredRule } from '../../lib/errors';
import { formatInt } from '../../lib/format';
import { fenFromYuan, formatFen } from '../../lib/money';
import { EmptyState } from '../../lib/ui';
import { useCreateQuote, useSplitOrder, useSplitSuggestion, type Order, type Quote } from './api';

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
  const split = useSplitOrder();
  const [form] = Form.useForm<QuoteValues>();
  const key = useRef(newIdempotencyKey());
  const required = requiredRule(t);
  const submitQuote = (v: QuoteValues) =>
    quote.mutate(
      { orderId: order.id, body: { enterpriseId: ownFirm!, count: v.count, unitPriceFen: fenFromYuan(v.price) ?? 0, deliveryDate: v.deliveryDate.format('YYYY-MM-DD'), note: v.note ?? '' }, idempotencyKey: key.current },
      { onSuccess: () => { message.success(t('market.quotes.saved')); key.current = newIdempotencyKey(); }, onError: (e) => applyFieldErrors(t, form, e) },
    );
  const applySplit = () => {
    const lines = suggestion.data?.lines.map((l) => ({ quoteId: l.quoteId, count: l.count })) ?? [];
    if (!lines.length) return;
    split.mutate({ orderId: order.id, version: order.version, lines }, { onSuccess: () => message.success(t('market.quotes.splitDone')), onError: (e) => message.error(errorMessage(t, e)) });
  };
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
      {poster && suggestion.data && order.status === 'open' ? (
        <div className="section">
          <p>{t('market.quotes.suggestion', { filled: formatInt(suggestion.data.filled), unfilled: formatInt(suggestion.data.unfilled), total: formatFen(suggestion.data.totalFen) })}</p>
          <Button type="primary" onClick={applySplit} loading={split.isPending} disabled={!suggestion.data.lines.length}>{t('market.quotes.applySplit')}</Button>
        </div>
      ) : null}
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
