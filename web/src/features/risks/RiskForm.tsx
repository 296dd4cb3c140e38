/** Register or edit a risk (version-checked): category, linked members, likelihood × impact, mitigation, owner, review date, status. */
import { App, Button, Col, DatePicker, Form, Input, Popconfirm, Row, Segmented, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RiskFields } from '@server/modules/risks/risks.schema';
import { applyFieldErrors, errorMessage, requiredRule, zodRule } from '../../lib/errors';
import { FormDrawer } from '../../lib/form-drawer';
import { can, useSession } from '../../lib/session';
import { EnterpriseSelect } from '../../lib/enterprise-select';
import { personOptions, useStaffDirectory } from '../../lib/directory';
import { RISK_CATEGORIES, RISK_STATUSES, useCreateRisk, useDeleteRisk, useUpdateRisk, type Risk } from './api';
import { LevelTag } from './LevelTag';

export { LevelTag };

interface Values {
  title: string;
  category: Risk['category'];
  description?: string;
  likelihood: number;
  impact: number;
  mitigation?: string;
  ownerUserId?: number | null;
  reviewDate?: Dayjs | null;
  status: Risk['status'];
  enterpriseIds?: number[];
}

function ScoreField({ name, label }: { name: 'likelihood' | 'impact'; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={[requiredRule(t)]} extra={t(`risks.scale.${name}`)}>
      <Segmented options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))} block />
    </Form.Item>
  );
}

export function RiskFormDrawer({ open, risk, onClose }: { open: boolean; risk?: Risk; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const create = useCreateRisk();
  const update = useUpdateRisk();
  const remove = useDeleteRisk();
  const mutation = risk ? update : create;
  const staff = useStaffDirectory(open && can(session, 'user.directory'));
  const likelihood = Form.useWatch('likelihood', form) ?? 0;
  const impact = Form.useWatch('impact', form) ?? 0;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(
        risk
          ? { ...risk, ownerUserId: risk.owner?.id ?? null, reviewDate: risk.reviewDate ? dayjs(risk.reviewDate) : null, enterpriseIds: risk.enterprises.map((e) => e.id) }
          : { likelihood: 3, impact: 3, status: 'open', category: 'other' },
      );
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (v: Values, idempotencyKey: string) => {
    const body = {
      title: v.title,
      category: v.category,
      description: v.description ?? '',
      likelihood: v.likelihood,
      impact: v.impact,
      mitigation: v.mitigation ?? '',
      ownerUserId: v.ownerUserId ?? null,
      reviewDate: v.reviewDate ? v.reviewDate.format('YYYY-MM-DD') : null,
      status: v.status,
      enterpriseIds: v.enterpriseIds ?? [],
    };
    const done = () => {
      message.success(t(risk ? 'risks.form.updated' : 'risks.form.created'));
      onClose();
    };
    const failed = (err: unknown) => applyFieldErrors(t, form, err);
    if (risk) update.mutate({ id: risk.id, body: { ...body, version: risk.version } }, { onSuccess: done, onError: failed });
    else create.mutate({ body, idempotencyKey }, { onSuccess: done, onError: failed });
  };
  const owners = [
    ...personOptions(t, staff.data),
    ...(risk?.owner && !staff.data?.some((u) => u.id === risk.owner!.id) ? [{ value: risk.owner.id, label: risk.owner.displayName }] : []),
  ];
  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={620}
      title={risk ? t('risks.form.editTitle', { version: risk.version }) : t('risks.form.title')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
      footerStart={
        risk ? (
          <Popconfirm
            title={t('risks.form.deleteConfirm')}
            onConfirm={() => remove.mutate({ id: risk.id, version: risk.version }, { onSuccess: () => { message.success(t('risks.form.deleted')); onClose(); }, onError: (e) => message.error(errorMessage(t, e)) })}
          >
            <Button danger loading={remove.isPending}>{t('risks.form.delete')}</Button>
          </Popconfirm>
        ) : null
      }
    >
      <Form.Item name="title" label={t('risks.fields.title')} rules={[required, zodRule(t, RiskFields.shape.title)]}>
        <Input maxLength={120} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="category" label={t('risks.fields.category')} rules={[required]}>
            <Select options={RISK_CATEGORIES.map((c) => ({ value: c, label: t(`risks.categories.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="status" label={t('risks.fields.status')} rules={[required]}>
            <Select options={RISK_STATUSES.map((s) => ({ value: s, label: t(`risks.statuses.${s}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}><ScoreField name="likelihood" label={t('risks.fields.likelihood')} /></Col>
        <Col xs={24} sm={12}><ScoreField name="impact" label={t('risks.fields.impact')} /></Col>
      </Row>
      <Typography.Paragraph>
        {t('risks.fields.score')}: <LevelTag score={likelihood * impact} />
      </Typography.Paragraph>
      <Form.Item name="description" label={t('risks.fields.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="mitigation" label={t('risks.fields.mitigation')}>
        <Input.TextArea rows={3} maxLength={5000} placeholder={t('risks.form.mitigationPlaceholder')} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="ownerUserId" label={t('risks.fields.owner')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={owners} loading={staff.isFetching} placeholder={t('common.select')} disabled={!can(session, 'user.directory')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="reviewDate" label={t('risks.fields.reviewDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="enterpriseIds" label={t('risks.fields.enterprises')}>
        <EnterpriseSelect mode="multiple" known={risk?.enterprises} ariaLabel={t('risks.fields.enterprises')} placeholder={t('tickets.form.searchEnterprise')} onChange={() => undefined} />
      </Form.Item>
    </FormDrawer>
  );
}
