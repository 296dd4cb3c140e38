/**
 * Create or edit a member enterprise in a drawer. Every field runs the server's own zod rule in
 * the browser (the credit code's check character included); the server's field errors land next
 * to the same fields.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Contact, CreditCode, EnterpriseFields } from '@server/modules/enterprises/enterprises.schema';
import { districtOptions, sectionDivisionOptions, industryOptions, ownershipOptions } from '../../lib/domain';
import { applyFieldErrors, fieldMessage, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { currentLocale } from '../../lib/i18n';
import { useCreateEnterprise, useUpdateEnterprise, type Enterprise } from './api';

interface Values {
  name: string;
  creditCode: string;
  industry: string;
  districtCode: string;
  headcount: number;
  mainProducts?: string;
  address?: string;
  annualOutputYuan?: number | null;
  contacts?: { name: string; title?: string; phone?: string; email?: string }[];
  aboveDesignatedSize?: boolean;
  industryDivision?: string | null;
  ownership?: string | null;
}

function toValues(e: Enterprise | undefined): Partial<Values> {
  if (!e) return { contacts: [{ name: '', title: '', phone: '', email: '' }] };
  return { ...e, annualOutputYuan: e.annualOutputFen === null ? null : e.annualOutputFen / 100 };
}

function toBody(v: Values) {
  return {
    name: v.name,
    creditCode: v.creditCode,
    industry: v.industry,
    districtCode: v.districtCode,
    headcount: v.headcount,
    mainProducts: v.mainProducts ?? '',
    address: v.address ?? '',
    annualOutputFen: v.annualOutputYuan === null || v.annualOutputYuan === undefined ? null : Math.round(v.annualOutputYuan * 100),
    contacts: (v.contacts ?? [])
      .filter((c) => c && (c.name || c.phone || c.email || c.title))
      .map((c) => ({ name: c.name ?? '', title: c.title ?? '', phone: c.phone ?? '', email: c.email ?? '' })),
    aboveDesignatedSize: !!v.aboveDesignatedSize,
    industryDivision: v.industryDivision || null,
    ownership: (v.ownership || null) as Enterprise['ownership'],
  };
}

export function EnterpriseFormDrawer({ open, enterprise, onClose, onSaved }: { open: boolean; enterprise?: Enterprise; onClose: () => void; onSaved?: (e: Enterprise) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = currentLocale();
  const [form] = Form.useForm<Values>();
  const create = useCreateEnterprise();
  const update = useUpdateEnterprise(enterprise?.id ?? 0);
  const mutation = enterprise ? update : create;
  const editing = !!enterprise;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toValues(enterprise));
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, enterprise?.id, enterprise?.version]);

  const submit = (v: Values, idempotencyKey: string) => {
    const body = toBody(v);
    const done = (e: Enterprise) => {
      message.success(t(editing ? 'enterprises.form.updated' : 'enterprises.form.created', { name: e.name }));
      onSaved?.(e);
      onClose();
    };
    const failed = (err: unknown) => applyFieldErrors(t, form, err);
    if (enterprise) update.mutate({ ...body, version: enterprise.version }, { onSuccess: done, onError: failed });
    else create.mutate({ body, idempotencyKey }, { onSuccess: done, onError: failed });
  };

  const required = requiredRule(t);
  const section = Form.useWatch('industry', form);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={640}
      title={editing ? t('enterprises.form.editTitle', { name: enterprise.name }) : t('enterprises.form.createTitle')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      errorExtra={
        mutation.error && 'errors' in mutation.error
          ? (mutation.error as { errors: { path: string; code: string }[] }).errors
              .filter((e) => !form.getFieldsError().some((f) => f.name.join('.') === e.path))
              .map((e) => <div key={e.path}>{fieldMessage(t, e)}</div>)
          : null
      }
      submitting={mutation.isPending}
      submitTestId="enterprise-save"
      formProps={{ scrollToFirstError: true }}
    >
      <Typography.Title level={2} className="form-section">{t('enterprises.form.basics')}</Typography.Title>
      <Form.Item name="name" label={t('enterprises.fields.name')} rules={[required, zodRule(t, EnterpriseFields.shape.name)]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="creditCode"
        label={t('enterprises.fields.creditCode')}
        extra={t('enterprises.form.creditCodeHelp')}
        normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
        validateDebounce={200}
        rules={[required, zodRule(t, CreditCode)]}
      >
        <Input maxLength={18} className="mono" autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="districtCode" label={t('enterprises.fields.district')} rules={[required, zodRule(t, EnterpriseFields.shape.districtCode)]}>
            <Select options={districtOptions(locale)} showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.select')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="industry" label={t('enterprises.fields.industry')} rules={[required, zodRule(t, EnterpriseFields.shape.industry)]}>
            <Select options={industryOptions(locale)} showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.select')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="headcount" label={t('enterprises.fields.headcount')} rules={[required, zodRule(t, EnterpriseFields.shape.headcount)]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="annualOutputYuan" label={t('enterprises.fields.annualOutput')} rules={[zodRule(t, EnterpriseFields.shape.annualOutputFen.unwrap().unwrap(), { optional: true })]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} suffix={t('enterprises.form.yuan')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="industryDivision" label={t('enterprises.fields.industryDivision')}>
            <Select options={sectionDivisionOptions(section)} allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.select')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="ownership" label={t('enterprises.fields.ownership')}>
            <Select options={ownershipOptions(locale)} allowClear placeholder={t('common.select')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="aboveDesignatedSize" label={t('enterprises.fields.aboveDesignatedSize')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="mainProducts" label={t('enterprises.fields.mainProducts')} rules={[zodRule(t, EnterpriseFields.shape.mainProducts, { optional: true })]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
      </Form.Item>
      <Form.Item name="address" label={t('enterprises.fields.address')} rules={[zodRule(t, EnterpriseFields.shape.address, { optional: true })]}>
        <Input maxLength={200} />
      </Form.Item>

      <Typography.Title level={2} className="form-section">{t('enterprises.fields.contacts')}</Typography.Title>
      <Form.List name="contacts">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <div key={f.key} className="contact-row">
                <Row gutter={12}>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[f.name, 'name']} label={t('enterprises.contact.name')} rules={[required, zodRule(t, Contact.shape.name)]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[f.name, 'title']} label={t('enterprises.contact.title')} rules={[zodRule(t, Contact.shape.title, { optional: true })]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5}>
                    <Form.Item name={[f.name, 'phone']} label={t('enterprises.contact.phone')} rules={[zodRule(t, Contact.shape.phone, { optional: true })]}>
                      <Input inputMode="tel" />
                    </Form.Item>
                  </Col>
                  <Col xs={10} sm={6}>
                    <Form.Item name={[f.name, 'email']} label={t('enterprises.contact.email')} rules={[zodRule(t, Contact.shape.email, { optional: true })]}>
                      <Input inputMode="email" />
                    </Form.Item>
                  </Col>
                  <Col xs={2} sm={1} className="contact-remove">
                    <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('enterprises.contact.remove')} />
                  </Col>
                </Row>
              </div>
            ))}
            {fields.length < 10 ? (
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', title: '', phone: '', email: '' })}>
                {t('enterprises.contact.add')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}
