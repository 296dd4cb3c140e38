/**
 * Add a policy: its text, benefit and eligibility rules, built in a form (one card per rule, the
 * fields of its kind) over exactly the facts the server's evaluator reads — never JSON text.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { departmentName, useDepartments } from '../../lib/departments';
import { districtOptions, divisionOptions, industryOptions, ownershipOptions } from '../../lib/domain';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { currentLocale } from '../../lib/i18n';
import { fenFromYuan } from '../../lib/money';
import { BENEFIT_KINDS, useCreatePolicy, type CreatePolicy, type Rule } from './api';

const RULE_KINDS = ['size_band', 'headcount', 'above_designated_size', 'industry_section', 'industry_division', 'district', 'ownership', 'resumption_stage', 'membership', 'custom'] as const;
const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;
const STAGES = ['stopped', 'partial', 'full'] as const;
const CUSTOM_FIELDS = ['headcount', 'annualOutputFen', 'staffOnDuty', 'outputPct', 'capacityPct', 'materialCoverDays', 'preventionCoverDays', 'memberDays'] as const;
const CUSTOM_OPS = ['>=', '>', '<=', '<', '='] as const;

/** A rule as the form holds it: every kind's fields, the kind deciding which count. */
interface RuleValues {
  kind: Rule['kind'];
  sections?: string[];
  divisions?: string[];
  districts?: string[];
  min?: number | null;
  max?: number | null;
  bands?: string[];
  above?: boolean;
  types?: string[];
  stages?: string[];
  minDays?: number;
  label?: string;
  field?: string;
  op?: string;
  value?: number;
}

interface Values {
  title: string;
  departmentId?: number | null;
  issuedOn: Dayjs;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  summary?: string;
  fullText?: string;
  benefitKind: CreatePolicy['benefitKind'];
  benefitAmount?: string;
  benefitFormula?: string;
  rules?: RuleValues[];
}

/** The rule the server expects, from the form's values of its kind. */
export function toRule(v: RuleValues): Rule {
  switch (v.kind) {
    case 'industry_section': return { kind: v.kind, sections: v.sections ?? [] } as Rule;
    case 'industry_division': return { kind: v.kind, divisions: v.divisions ?? [] };
    case 'district': return { kind: v.kind, districts: v.districts ?? [] } as Rule;
    case 'headcount': return { kind: v.kind, min: v.min ?? null, max: v.max ?? null };
    case 'size_band': return { kind: v.kind, bands: (v.bands ?? []) as Extract<Rule, { kind: 'size_band' }>['bands'] };
    case 'above_designated_size': return { kind: v.kind, value: v.above ?? true };
    case 'ownership': return { kind: v.kind, types: v.types ?? [] } as Rule;
    case 'resumption_stage': return { kind: v.kind, stages: (v.stages ?? []) as Extract<Rule, { kind: 'resumption_stage' }>['stages'] };
    case 'membership': return { kind: v.kind, minDays: v.minDays ?? 0 };
    case 'custom': return { kind: v.kind, label: v.label ?? '', field: v.field as Extract<Rule, { kind: 'custom' }>['field'], op: v.op as Extract<Rule, { kind: 'custom' }>['op'], value: v.value ?? 0 };
  }
}

function RuleFields({ name, kind }: { name: number; kind: Rule['kind'] | undefined }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const req = [requiredRule(t)];
  const multi = (field: string, label: string, options: { value: string; label: string }[] | ReturnType<typeof districtOptions>) => (
    <Form.Item name={[name, field]} label={label} rules={req}>
      <Select mode="multiple" options={options as never} optionFilterProp="label" aria-label={label} />
    </Form.Item>
  );
  switch (kind) {
    case 'industry_section': return multi('sections', t('policies.rules.kinds.industry_section'), industryOptions(locale));
    case 'industry_division': return multi('divisions', t('policies.rules.kinds.industry_division'), divisionOptions(locale) as never);
    case 'district': return multi('districts', t('policies.rules.kinds.district'), districtOptions(locale));
    case 'ownership': return multi('types', t('policies.rules.kinds.ownership'), ownershipOptions(locale));
    case 'size_band': return multi('bands', t('policies.rules.kinds.size_band'), SIZE_BANDS.map((b) => ({ value: b, label: t(`policies.rules.sizeBands.${b}`) })));
    case 'resumption_stage': return multi('stages', t('policies.rules.kinds.resumption_stage'), STAGES.map((s) => ({ value: s, label: t(`policies.rules.stages.${s}`) })));
    case 'headcount':
      return (
        <Row gutter={12}>
          <Col span={12}><Form.Item name={[name, 'min']} label={t('policies.rules.min')}><InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={12}><Form.Item name={[name, 'max']} label={t('policies.rules.max')}><InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
      );
    case 'above_designated_size':
      return (
        <Form.Item name={[name, 'above']} label={t('policies.rules.kinds.above_designated_size')} initialValue>
          <Radio.Group options={[{ value: true, label: t('policies.rules.aboveSize') }, { value: false, label: t('policies.rules.belowSize') }]} />
        </Form.Item>
      );
    case 'membership':
      return <Form.Item name={[name, 'minDays']} label={t('policies.rules.minDays')} rules={req}><InputNumber min={0} max={36_500} precision={0} style={{ width: '100%' }} /></Form.Item>;
    case 'custom':
      return (
        <>
          <Form.Item name={[name, 'label']} label={t('policies.rules.label')} rules={req}><Input maxLength={100} /></Form.Item>
          <Row gutter={12}>
            <Col span={10}><Form.Item name={[name, 'field']} label={t('policies.rules.field')} rules={req}><Select aria-label={t('policies.rules.field')} options={CUSTOM_FIELDS.map((f) => ({ value: f, label: t(`policies.rules.customFields.${f}`) }))} /></Form.Item></Col>
            <Col span={6}><Form.Item name={[name, 'op']} label={t('policies.rules.op')} rules={req}><Select aria-label={t('policies.rules.op')} options={CUSTOM_OPS.map((o) => ({ value: o, label: t(`policies.rules.ops.${o}`) }))} /></Form.Item></Col>
            <Col span={8}><Form.Item name={[name, 'value']} label={t('policies.rules.value')} rules={req}><InputNumber min={0} max={2_147_483_647} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
        </>
      );
    default:
      return null;
  }
}

/** The rule builder: a list of rules, each a kind and that kind's fields. */
export function RuleBuilder() {
  const { t } = useTranslation();
  return (
    <Form.List name="rules">
      {(fields, { add, remove }) => (
        <div className="policy-rules" data-testid="rule-builder">
          {fields.length === 0 ? <p className="muted">{t('policies.rules.none')}</p> : null}
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              className="section"
              title={t('policies.rules.item', { n: i + 1 })}
              extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)}>{t('policies.rules.remove')}</Button>}
            >
              <Form.Item name={[f.name, 'kind']} label={t('policies.rules.kind')} rules={[requiredRule(t)]}>
                <Select aria-label={t('policies.rules.kind')} data-testid={`rule-kind-${i}`} options={RULE_KINDS.map((k) => ({ value: k, label: t(`policies.rules.kinds.${k}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.rules?.[f.name]?.kind !== b.rules?.[f.name]?.kind}>
                {({ getFieldValue }) => <RuleFields name={f.name} kind={getFieldValue(['rules', f.name, 'kind'])} />}
              </Form.Item>
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'size_band' })} data-testid="rule-add">{t('policies.rules.add')}</Button>
        </div>
      )}
    </Form.List>
  );
}

export function PolicyFormDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreatePolicy();
  const departments = useDepartments(open);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ issuedOn: dayjs(), validFrom: dayjs(), benefitKind: 'subsidy', rules: [] });
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (v: Values, idempotencyKey: string) => {
    const amount = v.benefitAmount ? fenFromYuan(v.benefitAmount) : null;
    if (v.benefitAmount && amount === null) {
      form.setFields([{ name: 'benefitAmount', errors: [t('fieldErrors.invalid')] }]);
      return;
    }
    const body: CreatePolicy = {
      title: v.title,
      departmentId: v.departmentId ?? null,
      issuedOn: v.issuedOn.format('YYYY-MM-DD'),
      validFrom: v.validFrom.format('YYYY-MM-DD'),
      validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
      summary: v.summary ?? '',
      fullText: v.fullText ?? '',
      benefitKind: v.benefitKind,
      benefitAmountFen: amount,
      benefitFormula: v.benefitFormula ?? '',
      rules: (v.rules ?? []).map(toRule),
    };
    create.mutate(
      { body, idempotencyKey },
      {
        onSuccess: (p) => {
          void message.success(t('policies.created'));
          onClose();
          void navigate(`/policies/${p.id}`);
        },
        onError: (err) => applyFieldErrors(t, form, err),
      },
    );
  };

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={t('policies.create')}
      size={640}
      form={form}
      onFinish={submit}
      error={create.error}
      submitting={create.isPending}
      submitTestId="policy-save"
      formProps={{ scrollToFirstError: true, 'data-testid': 'policy-form' }}
    >
      <Form.Item name="title" label={t('policies.fields.title')} rules={[requiredRule(t)]}><Input maxLength={200} /></Form.Item>
      <Form.Item name="departmentId" label={t('policies.fields.department')}>
        <Select allowClear aria-label={t('policies.fields.department')} loading={departments.isPending} options={(departments.data ?? []).map((d) => ({ value: d.id, label: departmentName(d) }))} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}><Form.Item name="issuedOn" label={t('policies.fields.issuedOn')} rules={[requiredRule(t)]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="validFrom" label={t('policies.fields.validFrom')} rules={[requiredRule(t)]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="validTo" label={t('policies.fields.validTo')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="benefitKind" label={t('policies.fields.benefitKind')} rules={[requiredRule(t)]}>
            <Select aria-label={t('policies.fields.benefitKind')} options={BENEFIT_KINDS.map((k) => ({ value: k, label: t(`policies.benefitKinds.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col span={12}><Form.Item name="benefitAmount" label={t('policies.fields.benefitAmount')}><Input inputMode="decimal" /></Form.Item></Col>
      </Row>
      <Form.Item name="benefitFormula" label={t('policies.fields.benefitFormula')}><Input maxLength={500} /></Form.Item>
      <Form.Item name="summary" label={t('policies.fields.summary')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      <Form.Item name="fullText" label={t('policies.fields.fullText')}><Input.TextArea rows={4} maxLength={100_000} /></Form.Item>
      <h2 className="form-section-title">{t('policies.fields.rules')}</h2>
      <RuleBuilder />
    </FormDrawer>
  );
}
