/** Open a group-purchase campaign (staff): items with spec, unit, price tiers (typed in yuan, sent as fen), minimum total, per-firm cap, stock; deadline and allocation rule. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_CODES, unitLabel } from '@server/domain/units';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { instantFromPicker, pickerAt } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { ALLOCATION_RULES, useCreateCampaign, type Campaign } from './api';
import { fenFromYuan } from '../../lib/money';

interface TierValues {
  minCount: number;
  price: string;
}
interface ItemValues {
  name: string;
  spec?: string;
  unit: CampaignItemUnit;
  tiers: TierValues[];
  minTotalCount?: number | null;
  perFirmCap?: number | null;
  stockCount?: number | null;
  dailyUsePer100?: number | null;
}
type CampaignItemUnit = Campaign['items'][number]['unit'];
interface Values {
  title: string;
  supplier: string;
  description?: string;
  allocationRule: Campaign['allocationRule'];
  pledgeDeadline: Dayjs;
  targetCoverDays?: number | null;
  items: ItemValues[];
}

const newItem = (): Partial<ItemValues> => ({ unit: 'pcs', tiers: [{ minCount: 0, price: '' }] });

export function CampaignFormDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: Campaign) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCampaign();
  const required = requiredRule(t);
  const locale = currentLocale();

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ allocationRule: 'pro_rata', pledgeDeadline: pickerAt(3, 17, 0), targetCoverDays: 14, items: [newItem() as ItemValues] });
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (v: Values, idempotencyKey: string) => {
    const body = {
      title: v.title,
      supplier: v.supplier,
      description: v.description ?? '',
      allocationRule: v.allocationRule,
      pledgeDeadline: instantFromPicker(v.pledgeDeadline),
      targetCoverDays: v.targetCoverDays ?? 14,
      items: v.items.map((i) => ({
        name: i.name,
        spec: i.spec ?? '',
        unit: i.unit,
        tiers: i.tiers.map((tier, ti) => ({ minCount: ti === 0 ? 0 : (tier.minCount ?? 0), unitPriceFen: fenFromYuan(tier.price) ?? 0 })),
        minTotalCount: i.minTotalCount ?? 0,
        perFirmCap: i.perFirmCap ?? null,
        stockCount: i.stockCount ?? null,
        dailyUsePer100: i.dailyUsePer100 ?? null,
      })),
    };
    create.mutate(
      { body, idempotencyKey },
      {
        onSuccess: (c) => {
          message.success(t('purchasing.form.created'));
          onCreated(c);
        },
        onError: (err) => applyFieldErrors(t, form, err),
      },
    );
  };
  const priceRule = { validator: (_: unknown, v: string | undefined) => (v === undefined || v === '' || fenFromYuan(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('purchasing.form.badPrice')))) };

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={760}
      title={t('purchasing.form.title')}
      form={form}
      onFinish={submit}
      error={create.error}
      submitting={create.isPending}
      submitTestId="campaign-submit"
      formProps={{ 'data-testid': 'campaign-form' }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={14}>
          <Form.Item name="title" label={t('purchasing.fields.title')} rules={[required, { min: 2, max: 120 }]}>
            <Input maxLength={120} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="supplier" label={t('purchasing.fields.supplier')} rules={[required]}>
            <Input maxLength={120} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="pledgeDeadline" label={t('purchasing.fields.pledgeDeadline')} rules={[required]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="allocationRule" label={t('purchasing.fields.allocationRule')} rules={[required]}>
            <Select options={ALLOCATION_RULES.map((r) => ({ value: r, label: t(`purchasing.rules.${r}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={6}>
          <Form.Item name="targetCoverDays" label={t('purchasing.fields.targetCoverDays')}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('purchasing.fields.description')}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      <Form.List name="items">
        {(items, { add, remove }) => (
          <>
            {items.map((item, index) => (
              <Card
                key={item.key}
                size="small"
                className="section"
                title={t('purchasing.form.item', { n: index + 1 })}
                extra={items.length > 1 ? <Button type="text" danger icon={<MinusCircleOutlined />} aria-label={t('purchasing.form.removeItem', { n: index + 1 })} onClick={() => remove(item.name)} /> : null}
              >
                <Row gutter={12}>
                  <Col xs={24} sm={8}>
                    <Form.Item name={[item.name, 'name']} label={t('purchasing.fields.itemName')} rules={[required]}>
                      <Input maxLength={80} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={10}>
                    <Form.Item name={[item.name, 'spec']} label={t('purchasing.fields.spec')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={6}>
                    <Form.Item name={[item.name, 'unit']} label={t('purchasing.fields.unit')} rules={[required]}>
                      <Select showSearch={{ optionFilterProp: 'label' }} options={UNIT_CODES.map((u) => ({ value: u, label: unitLabel(u, locale) }))} />
                    </Form.Item>
                  </Col>
                </Row>
                <Row gutter={12}>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[item.name, 'minTotalCount']} label={t('purchasing.fields.minTotal')}>
                      <InputNumber min={0} max={2_147_483_647} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[item.name, 'perFirmCap']} label={t('purchasing.fields.perFirmCap')}>
                      <InputNumber min={0} max={2_147_483_647} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[item.name, 'stockCount']} label={t('purchasing.fields.stock')}>
                      <InputNumber min={0} max={2_147_483_647} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[item.name, 'dailyUsePer100']} label={t('purchasing.fields.dailyUse')}>
                      <InputNumber min={0} max={2_147_483_647} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.List name={[item.name, 'tiers']}>
                  {(tiers, tierOps) => (
                    <div role="group" aria-label={t('purchasing.fields.tiers')}>
                      <div className="muted small">{t('purchasing.form.tiersHelp')}</div>
                      {tiers.map((tier, ti) => (
                        <Space key={tier.key} align="baseline" wrap>
                          <Form.Item name={[tier.name, 'minCount']} label={t('purchasing.fields.tierFrom', { n: ti + 1 })} rules={[required]}>
                            <InputNumber min={0} max={2_147_483_647} precision={0} disabled={ti === 0} />
                          </Form.Item>
                          <Form.Item name={[tier.name, 'price']} label={t('purchasing.fields.tierPrice', { n: ti + 1 })} rules={[required, priceRule]}>
                            <Input prefix="¥" inputMode="decimal" style={{ width: 140 }} />
                          </Form.Item>
                          {ti > 0 ? <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('purchasing.form.removeTier', { n: ti + 1 })} onClick={() => tierOps.remove(tier.name)} /> : null}
                        </Space>
                      ))}
                      <div>
                        <Button size="small" icon={<PlusOutlined />} onClick={() => tierOps.add({ minCount: undefined, price: '' })} disabled={tiers.length >= 10}>{t('purchasing.form.addTier')}</Button>
                      </div>
                    </div>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add(newItem())} disabled={items.length >= 20} className="section">{t('purchasing.form.addItem')}</Button>
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}
