/** Supplier deliveries and firms' receipts: the list, and recording one (staff: either; a firm: its own receipt) once ordered. */
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { formatInt, todayInChina } from '../../lib/format';
import { EmptyState, ErrorState } from '../../lib/ui';
import { useDeliveries, useRecordDelivery, type Campaign, type Delivery } from './api';

interface Values {
  itemId: number;
  recipient: number;
  count: number;
  deliveredOn: Dayjs;
  note?: string;
}

/** `recipient` 0: the supplier's delivery to the alliance; otherwise the receiving firm. */
export function DeliveriesCard({ campaign, firms, staff }: { campaign: Campaign; firms: { id: number; name: string }[]; staff: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useDeliveries(campaign.id);
  const record = useRecordDelivery(campaign.id);
  const [form] = Form.useForm<Values>();
  const key = useRef(newIdempotencyKey());
  const itemName = (id: number) => campaign.items.find((i) => i.id === id)?.name ?? '—';
  const firmName = (id: number | null) => (id === null ? t('purchasing.deliveries.supplier') : (firms.find((f) => f.id === id)?.name ?? `#${id}`));
  const recipients = [...(staff ? [{ value: 0, label: t('purchasing.deliveries.supplier') }] : []), ...firms.map((f) => ({ value: f.id, label: f.name }))];
  const submit = (v: Values) =>
    record.mutate(
      { body: { itemId: v.itemId, enterpriseId: v.recipient === 0 ? null : v.recipient, count: v.count, deliveredOn: v.deliveredOn.format('YYYY-MM-DD'), note: v.note ?? '' }, idempotencyKey: key.current },
      {
        onSuccess: () => {
          message.success(t('purchasing.deliveries.saved'));
          key.current = newIdempotencyKey();
          form.resetFields(['count', 'note']);
        },
        onError: (e) => applyFieldErrors(t, form, e),
      },
    );
  const required = requiredRule(t);
  return (
    <Card title={t('purchasing.deliveries.title')} className="section">
      {campaign.status === 'ordered' && recipients.length ? (
        <Form<Values>
          form={form}
          layout="inline"
          onFinish={submit}
          onValuesChange={() => (key.current = newIdempotencyKey())}
          initialValues={{ itemId: campaign.items[0]?.id, recipient: recipients[0]?.value, deliveredOn: dayjs(todayInChina()) }}
          className="filters"
        >
          <Form.Item name="itemId" label={t('purchasing.deliveries.item')} rules={[required]}>
            <Select style={{ width: 180 }} options={campaign.items.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
          <Form.Item name="recipient" label={t('purchasing.deliveries.recipient')} rules={[required]}>
            <Select style={{ width: 220 }} options={recipients} />
          </Form.Item>
          <Form.Item name="count" label={t('purchasing.deliveries.count')} rules={[required]}>
            <InputNumber min={1} max={2_147_483_647} precision={0} />
          </Form.Item>
          <Form.Item name="deliveredOn" label={t('purchasing.deliveries.date')} rules={[required]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('purchasing.deliveries.note')}>
            <Input maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={record.isPending}>{t('purchasing.deliveries.record')}</Button>
        </Form>
      ) : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data}
          pagination={false}
          locale={{ emptyText: <EmptyState description={t('purchasing.deliveries.empty')} /> }}
          columns={[
            { key: 'deliveredOn', title: t('purchasing.deliveries.date'), dataIndex: 'deliveredOn', width: 120 },
            { key: 'item', title: t('purchasing.deliveries.item'), dataIndex: 'itemId', render: (id: number) => itemName(id) },
            { key: 'recipient', title: t('purchasing.deliveries.recipient'), dataIndex: 'enterpriseId', render: (id: number | null) => firmName(id) },
            { key: 'count', title: t('purchasing.deliveries.count'), dataIndex: 'count', align: 'right', render: (n: number) => formatInt(n) },
            { key: 'note', title: t('purchasing.deliveries.note'), dataIndex: 'note', ellipsis: true },
          ]}
        />
      )}
    </Card>
  );
}
