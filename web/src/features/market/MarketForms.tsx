/** Posting an offer or a need, and an order one's firm cannot fill (firm accounts). Quantities are typed as decimals in a unit and sent as integer base units; prices typed in yuan and sent as fen. */
import { App, Col, DatePicker, Form, Input, InputNumber, Row, Segmented, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { parseQuantity, UNIT_CODES, unitLabel, type UnitCode } from '@server/domain/units';
import { districtOptions } from '../../lib/domain';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { addDays, todayInChina } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { fenFromYuan } from '../../lib/money';
import { RESOURCE_KINDS, useCreateOrder, useCreatePost, type Post } from './api';

function amountOf(text: string, unit: UnitCode): number | null {
  try {
    const q = parseQuantity(text, unit);
    return q.amount > 0 ? q.amount : null;
  } catch {
    return null;
  }
}

function useUnitOptions() {
  const locale = currentLocale();
  return UNIT_CODES.map((u) => ({ value: u, label: unitLabel(u, locale) }));
}

interface PostValues {
  side: Post['side'];
  kind: Post['kind'];
  item: string;
  spec?: string;
  amount: string;
  unit: UnitCode;
  availableFrom: Dayjs;
  availableTo: Dayjs;
  districtCode?: string | null;
  price?: string;
  note?: string;
}

export function PostFormDrawer({ open, enterpriseId, onClose }: { open: boolean; enterpriseId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PostValues>();
  const create = useCreatePost();
  const units = useUnitOptions();
  const required = requiredRule(t);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ side: 'offer', kind: 'raw_material', unit: 'pcs', availableFrom: dayjs(todayInChina()), availableTo: dayjs(addDays(todayInChina(), 14)) });
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const submit = (v: PostValues, idempotencyKey: string) => {
    const body = {
      enterpriseId,
      side: v.side,
      kind: v.kind,
      item: v.item,
      spec: v.spec ?? '',
      quantity: { amount: amountOf(v.amount, v.unit) ?? 0, unit: v.unit },
      availableFrom: v.availableFrom.format('YYYY-MM-DD'),
      availableTo: v.availableTo.format('YYYY-MM-DD'),
      districtCode: v.districtCode ?? null,
      unitPriceFen: v.price ? fenFromYuan(v.price) : null,
      note: v.note ?? '',
    };
    create.mutate({ body, idempotencyKey }, { onSuccess: () => { message.success(t('market.posts.created')); onClose(); }, onError: (e) => applyFieldErrors(t, form, e, (p) => (p.startsWith('quantity') ? 'amount' : p)) });
  };
  return (
    <FormDrawer<PostValues> open={open} onClose={onClose} size={620} title={t('market.posts.new')} form={form} onFinish={submit} error={create.error} submitting={create.isPending}>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="side" label={t('market.fields.side')} rules={[required]}>
            <Segmented block options={(['offer', 'need'] as const).map((s) => ({ value: s, label: t(`market.sides.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="kind" label={t('market.fields.kind')} rules={[required]}>
            <Select options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`market.kinds.${k}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="item" label={t('market.fields.item')} rules={[required]}>
            <Input maxLength={80} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="spec" label={t('market.fields.spec')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={14}>
          <Form.Item name="amount" label={t('market.fields.quantity')} dependencies={['unit']} rules={[required, ({ getFieldValue }) => ({ validator: (_, v: string | undefined) => (!v || amountOf(v, getFieldValue('unit') as UnitCode) !== null ? Promise.resolve() : Promise.reject(new Error(t('market.badQuantity')))) })]}>
            <Input inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col xs={10}>
          <Form.Item name="unit" label={t('market.fields.unit')} rules={[required]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={units} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12}>
          <Form.Item name="availableFrom" label={t('market.fields.from')} rules={[required]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="availableTo" label={t('market.fields.to')} rules={[required]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="districtCode" label={t('market.fields.district')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={districtOptions(currentLocale())} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="price" label={t('market.fields.price')} extra={t('market.priceHelp')} rules={[{ validator: (_, v: string | undefined) => (!v || fenFromYuan(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('purchasing.form.badPrice')))) }]}>
            <Input prefix="¥" inputMode="decimal" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('market.fields.note')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormDrawer>
  );
}

interface OrderValues {
  title: string;
  item: string;
  spec?: string;
  unit: UnitCode;
  count: number;
  needBy?: Dayjs | null;
  price?: string;
  customer?: string;
}

export function OrderFormDrawer({ open, enterpriseId, onClose }: { open: boolean; enterpriseId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrderValues>();
  const create = useCreateOrder();
  const units = useUnitOptions();
  const required = requiredRule(t);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ unit: 'pcs' });
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const submit = (v: OrderValues, idempotencyKey: string) => {
    const body = { enterpriseId, title: v.title, item: v.item, spec: v.spec ?? '', unit: v.unit, count: v.count, needBy: v.needBy ? v.needBy.format('YYYY-MM-DD') : null, targetPriceFen: v.price ? fenFromYuan(v.price) : null, customer: v.customer ?? '' };
    create.mutate({ body, idempotencyKey }, { onSuccess: () => { message.success(t('market.orders.created')); onClose(); }, onError: (e) => applyFieldErrors(t, form, e) });
  };
  return (
    <FormDrawer<OrderValues> open={open} onClose={onClose} size={560} title={t('market.orders.new')} form={form} onFinish={submit} error={create.error} submitting={create.isPending}>
      <Form.Item name="title" label={t('market.fields.title')} rules={[required, { min: 2, max: 120 }]}>
        <Input maxLength={120} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="item" label={t('market.fields.item')} rules={[required]}>
            <Input maxLength={80} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="spec" label={t('market.fields.spec')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12}>
          <Form.Item name="count" label={t('market.fields.count')} rules={[required]}>
            <InputNumber min={1} max={2_147_483_647} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="unit" label={t('market.fields.unit')} rules={[required]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={units} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12}>
          <Form.Item name="needBy" label={t('market.fields.needBy')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="price" label={t('market.fields.targetPrice')} rules={[{ validator: (_, v: string | undefined) => (!v || fenFromYuan(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('purchasing.form.badPrice')))) }]}>
            <Input prefix="¥" inputMode="decimal" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="customer" label={t('market.fields.customer')} extra={t('market.orders.privateHelp')}>
        <Input maxLength={120} />
      </Form.Item>
    </FormDrawer>
  );
}
