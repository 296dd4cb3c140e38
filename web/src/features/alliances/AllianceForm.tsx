/**
 * Edit the current alliance (name, industry chain, industry, district, description) in a drawer.
 * Fields run the server's zod rules in the browser; the record's version goes with the change,
 * so an edit made meanwhile by someone else is refused rather than overwritten.
 */
import { App, Col, Form, Input, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AllianceFields } from '@server/modules/alliances/alliances.schema';
import { districtOptions, industryOptions } from '../../lib/domain';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { currentLocale } from '../../lib/i18n';
import { useUpdateAlliance, type Alliance } from './api';

interface Values {
  name: string;
  chain: string;
  industry: string;
  districtCode: string;
  description?: string;
}

export function AllianceFormDrawer({ open, alliance: a, onClose }: { open: boolean; alliance: Alliance; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = currentLocale();
  const [form] = Form.useForm<Values>();
  const mutation = useUpdateAlliance(a.id);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ name: a.name, chain: a.chain, industry: a.industry, districtCode: a.districtCode, description: a.description });
      mutation.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, a.id, a.version]);

  const submit = (v: Values) =>
    mutation.mutate(
      { name: v.name, chain: v.chain, industry: v.industry, districtCode: v.districtCode, description: v.description ?? '', version: a.version },
      {
        onSuccess: (saved) => {
          message.success(t('alliance.form.saved', { name: saved.name }));
          onClose();
        },
        onError: (err) => applyFieldErrors(t, form, err),
      },
    );

  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={560}
      title={t('alliance.form.title')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
      submitTestId="alliance-save"
      formProps={{ scrollToFirstError: true }}
    >
      <Form.Item name="name" label={t('alliance.form.name')} rules={[required, zodRule(t, AllianceFields.shape.name)]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="chain" label={t('alliance.chain')} extra={t('alliance.form.chainHelp')} rules={[required, zodRule(t, AllianceFields.shape.chain)]}>
        <Input maxLength={100} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="industry" label={t('enterprises.fields.industry')} rules={[required, zodRule(t, AllianceFields.shape.industry)]}>
            <Select options={industryOptions(locale)} showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.select')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="districtCode" label={t('enterprises.fields.district')} rules={[required, zodRule(t, AllianceFields.shape.districtCode)]}>
            <Select options={districtOptions(locale)} showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.select')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('alliance.profile')} rules={[zodRule(t, AllianceFields.shape.description.unwrap(), { optional: true })]}>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={2000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
