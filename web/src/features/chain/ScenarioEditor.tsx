/**
 * A what-if scenario: its name and list of changes (a firm's capacity for some days, a link
 * removed, a substitute link added, extra stock, a district locked down for some days, the
 * logistics through a district slowed by some days). Firms, items and links are picked from the
 * alliance's map; the server's field errors land next to the same fields.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ScenarioBody } from '@server/modules/chain/chain.schema';
import { newIdempotencyKey } from '../../lib/api';
import { districtName, districtOptions } from '../../lib/domain';
import { currentLocale } from '../../lib/i18n';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { ErrorAlert } from '../../lib/ui';
import { useSaveScenario, type Analysis, type Item, type Scenario, type ScenarioChange } from './api';

type ChangeType = ScenarioChange['type'];
const CHANGE_TYPES: ChangeType[] = ['capacity', 'removeLink', 'addLink', 'addStock', 'districtLockdown', 'logisticsDelay'];

interface ChangeValues {
  type: ChangeType;
  enterpriseId?: number;
  capacityPct?: number;
  fromDay?: number | null;
  toDay?: number | null;
  linkId?: number;
  supplierId?: number;
  customerId?: number;
  itemId?: number;
  sharePct?: number;
  leadDays?: number;
  essential?: boolean;
  days?: number;
  districtCode?: string;
}

interface Values {
  name: string;
  changes: ChangeValues[];
}

const opt = (v: number | null | undefined) => (v === null || v === undefined ? undefined : v);

function toChange(c: ChangeValues): ScenarioChange {
  switch (c.type) {
    case 'capacity':
      return { type: 'capacity', enterpriseId: c.enterpriseId!, capacityPct: c.capacityPct!, fromDay: opt(c.fromDay), toDay: opt(c.toDay) };
    case 'removeLink':
      return { type: 'removeLink', linkId: c.linkId! };
    case 'addLink':
      return { type: 'addLink', supplierId: c.supplierId!, customerId: c.customerId!, itemId: c.itemId!, sharePct: c.sharePct!, leadDays: c.leadDays!, essential: c.essential ?? true };
    case 'addStock':
      return { type: 'addStock', enterpriseId: c.enterpriseId!, itemId: c.itemId!, days: c.days! };
    case 'districtLockdown':
      return { type: 'districtLockdown', districtCode: c.districtCode!, capacityPct: c.capacityPct!, fromDay: opt(c.fromDay), toDay: opt(c.toDay) };
    case 'logisticsDelay':
      return { type: 'logisticsDelay', districtCode: c.districtCode!, days: c.days! };
  }
}

/** One change in a sentence (lists and read-only views). */
export function describeChange(t: TFunction, c: ScenarioChange, firms: Map<number, string>, items: Map<number, string>, links?: Analysis['links']): string {
  const firm = (id: number) => firms.get(id) ?? `#${id}`;
  const item = (id: number) => items.get(id) ?? `#${id}`;
  const range = (c: { fromDay?: number; toDay?: number }) =>
    c.fromDay === undefined && c.toDay === undefined ? t('chain.scenarios.allDays') : t('chain.scenarios.dayRange', { from: c.fromDay ?? 0, to: c.toDay ?? '∞' });
  switch (c.type) {
    case 'capacity':
      return t('chain.scenarios.describe.capacity', { firm: firm(c.enterpriseId), pct: c.capacityPct, range: range(c) });
    case 'districtLockdown':
      return t('chain.scenarios.describe.districtLockdown', { district: districtName(c.districtCode, currentLocale()), pct: c.capacityPct, range: range(c) });
    case 'logisticsDelay':
      return t('chain.scenarios.describe.logisticsDelay', { district: districtName(c.districtCode, currentLocale()), days: c.days });
    case 'removeLink': {
      const l = links?.find((x) => x.id === c.linkId);
      return l
        ? t('chain.scenarios.describe.removeLink', { supplier: firm(l.supplierId), customer: firm(l.customerId), item: l.item })
        : t('chain.scenarios.describe.removeLinkId', { id: c.linkId });
    }
    case 'addLink':
      return t('chain.scenarios.describe.addLink', { supplier: firm(c.supplierId), customer: firm(c.customerId), item: item(c.itemId), share: c.sharePct });
    case 'addStock':
      return t('chain.scenarios.describe.addStock', { firm: firm(c.enterpriseId), item: item(c.itemId), days: c.days });
  }
}

const NEW_CHANGE: ChangeValues = { type: 'capacity', capacityPct: 0 };

export function ScenarioEditor({ scenario, analysis, items, onSaved, onCancel }: { scenario: Scenario | null; analysis: Analysis; items: Item[]; onSaved: (s: Scenario) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveScenario();
  const idempotencyKey = useRef(newIdempotencyKey());

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(scenario ? { name: scenario.name, changes: scenario.changes.map((c) => ({ ...c }) as ChangeValues) } : { name: '', changes: [{ ...NEW_CHANGE }] });
    save.reset();
    idempotencyKey.current = newIdempotencyKey();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenario?.id, scenario?.version]);

  const firmOptions = useMemo(() => [...analysis.firms].sort((a, b) => a.tier - b.tier || a.name.localeCompare(b.name, 'zh-CN')).map((f) => ({ value: f.id, label: f.name })), [analysis]);
  const names = useMemo(() => new Map(analysis.firms.map((f) => [f.id, f.name])), [analysis]);
  const linkOptions = useMemo(
    () => analysis.links.map((l) => ({ value: l.id, label: t('chain.scenarios.linkLabel', { supplier: names.get(l.supplierId) ?? l.supplierId, customer: names.get(l.customerId) ?? l.customerId, item: l.item, share: l.sharePct }) })),
    [analysis, names, t],
  );
  const itemOptions = items.map((i) => ({ value: i.id, label: i.name }));
  const required = requiredRule(t);
  const districtSelect = <Select showSearch={{ optionFilterProp: 'label' }} options={districtOptions(currentLocale())} placeholder={t('chain.scenarios.pickDistrict')} />;
  const firmSelect = <Select showSearch={{ optionFilterProp: 'label' }} options={firmOptions} placeholder={t('chain.scenarios.pickFirm')} />;

  const submit = (v: Values) => {
    save.mutate(
      { id: scenario?.id, version: scenario?.version, name: v.name, changes: (v.changes ?? []).map(toChange), idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (s) => {
          message.success(t('chain.scenarios.savedMessage', { name: s.name }));
          onSaved(s);
        },
        onError: (err) => applyFieldErrors(t, form, err),
      },
    );
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} onValuesChange={() => (idempotencyKey.current = newIdempotencyKey())} data-testid="scenario-form">
      <ErrorAlert error={save.error} />
      <Form.Item name="name" label={t('chain.scenarios.name')} rules={[required, zodRule(t, ScenarioBody.shape.name)]}>
        <Input maxLength={100} placeholder={t('chain.scenarios.namePlaceholder')} />
      </Form.Item>
      <Typography.Text strong>{t('chain.scenarios.changes')}</Typography.Text>
      <Form.List name="changes">
        {(fields, { add, remove }) => (
          <div className="scenario-changes">
            {fields.map((field, i) => (
              <Card key={field.key} size="small" className="scenario-change" data-testid="scenario-change">
                <Row gutter={12} align="top">
                  <Col xs={24} md={7}>
                    <Form.Item name={[field.name, 'type']} label={t('chain.scenarios.changeType', { n: i + 1 })} rules={[required]}>
                      <Select options={CHANGE_TYPES.map((c) => ({ value: c, label: t(`chain.scenarios.types.${c}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item noStyle shouldUpdate={(a: Values, b: Values) => a.changes?.[field.name]?.type !== b.changes?.[field.name]?.type}>
                      {() => {
                        const type = form.getFieldValue(['changes', field.name, 'type']) as ChangeType;
                        if (type === 'capacity')
                          return (
                            <Row gutter={12}>
                              <Col xs={24} sm={12}><Form.Item name={[field.name, 'enterpriseId']} label={t('chain.scenarios.firm')} rules={[required]}>{firmSelect}</Form.Item></Col>
                              <Col xs={8} sm={4}><Form.Item name={[field.name, 'capacityPct']} label={t('chain.scenarios.capacityPct')} rules={[required]}><InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
                              <Col xs={8} sm={4}><Form.Item name={[field.name, 'fromDay']} label={t('chain.scenarios.fromDay')}><InputNumber min={0} max={365} precision={0} placeholder={t('chain.scenarios.dayFirst')} style={{ width: '100%' }} /></Form.Item></Col>
                              <Col xs={8} sm={4}><Form.Item name={[field.name, 'toDay']} label={t('chain.scenarios.toDay')}><InputNumber min={0} max={365} precision={0} placeholder={t('chain.scenarios.dayLast')} style={{ width: '100%' }} /></Form.Item></Col>
                            </Row>
                          );
                        if (type === 'districtLockdown')
                          return (
                            <Row gutter={12}>
                              <Col xs={24} sm={12}><Form.Item name={[field.name, 'districtCode']} label={t('chain.scenarios.district')} rules={[required]} extra={t('chain.scenarios.lockdownHint')}>{districtSelect}</Form.Item></Col>
                              <Col xs={8} sm={4}><Form.Item name={[field.name, 'capacityPct']} label={t('chain.scenarios.capacityPct')} rules={[required]}><InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
                              <Col xs={8} sm={4}><Form.Item name={[field.name, 'fromDay']} label={t('chain.scenarios.fromDay')}><InputNumber min={0} max={365} precision={0} placeholder={t('chain.scenarios.dayFirst')} style={{ width: '100%' }} /></Form.Item></Col>
                              <Col xs={8} sm={4}><Form.Item name={[field.name, 'toDay']} label={t('chain.scenarios.toDay')}><InputNumber min={0} max={365} precision={0} placeholder={t('chain.scenarios.dayLast')} style={{ width: '100%' }} /></Form.Item></Col>
                            </Row>
                          );
                        if (type === 'logisticsDelay')
                          return (
                            <Row gutter={12}>
                              <Col xs={24} sm={12}><Form.Item name={[field.name, 'districtCode']} label={t('chain.scenarios.district')} rules={[required]} extra={t('chain.scenarios.delayHint')}>{districtSelect}</Form.Item></Col>
                              <Col xs={12} sm={6}><Form.Item name={[field.name, 'days']} label={t('chain.scenarios.delayDays')} rules={[required]}><InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                            </Row>
                          );
                        if (type === 'removeLink')
                          return (
                            <Form.Item name={[field.name, 'linkId']} label={t('chain.scenarios.link')} rules={[required]}>
                              <Select showSearch={{ optionFilterProp: 'label' }} options={linkOptions} placeholder={t('chain.scenarios.pickLink')} />
                            </Form.Item>
                          );
                        if (type === 'addLink')
                          return (
                            <Row gutter={12}>
                              <Col xs={24} sm={12}><Form.Item name={[field.name, 'supplierId']} label={t('chain.fields.supplier')} rules={[required]}>{firmSelect}</Form.Item></Col>
                              <Col xs={24} sm={12}><Form.Item name={[field.name, 'customerId']} label={t('chain.fields.customer')} rules={[required]}>{firmSelect}</Form.Item></Col>
                              <Col xs={24} sm={8}><Form.Item name={[field.name, 'itemId']} label={t('chain.fields.item')} rules={[required]}><Select options={itemOptions} placeholder={t('common.select')} /></Form.Item></Col>
                              <Col xs={8} sm={5}><Form.Item name={[field.name, 'sharePct']} label={t('chain.fields.share')} rules={[required]}><InputNumber min={0} max={100} step={5} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
                              <Col xs={8} sm={5}><Form.Item name={[field.name, 'leadDays']} label={t('chain.fields.lead')} rules={[required]}><InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
                              <Col xs={8} sm={6}><Form.Item name={[field.name, 'essential']} label={t('chain.fields.essential')} valuePropName="checked" initialValue={true}><Switch /></Form.Item></Col>
                            </Row>
                          );
                        return (
                          <Row gutter={12}>
                            <Col xs={24} sm={12}><Form.Item name={[field.name, 'enterpriseId']} label={t('chain.scenarios.firm')} rules={[required]}>{firmSelect}</Form.Item></Col>
                            <Col xs={12} sm={6}><Form.Item name={[field.name, 'itemId']} label={t('chain.fields.item')} rules={[required]}><Select options={itemOptions} placeholder={t('common.select')} /></Form.Item></Col>
                            <Col xs={12} sm={6}><Form.Item name={[field.name, 'days']} label={t('chain.scenarios.stockDays')} rules={[required]}><InputNumber min={0} max={3650} style={{ width: '100%' }} /></Form.Item></Col>
                          </Row>
                        );
                      }}
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={1} className="scenario-change-remove">
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('chain.scenarios.removeChange', { n: i + 1 })} />
                  </Col>
                </Row>
              </Card>
            ))}
            {fields.length === 0 ? <Typography.Paragraph type="secondary">{t('chain.scenarios.noChanges')}</Typography.Paragraph> : null}
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ...NEW_CHANGE })} disabled={fields.length >= 200}>
              {t('chain.scenarios.addChange')}
            </Button>
          </div>
        )}
      </Form.List>
      <Space className="scenario-actions">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="scenario-save">{t('chain.scenarios.saveAndRun')}</Button>
      </Space>
    </Form>
  );
}
