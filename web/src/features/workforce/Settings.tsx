/**
 * The alliance's lending rules (never lend more than X % of a firm's staff, no lending between
 * competitors, matching across the city), the reference daily wage, how long personal data of
 * ended placements is kept, and the three-party agreement's template with its placeholders and a
 * preview. Only whom `workforce.settings` allows sees it (the page decides); the server checks.
 * A save sends the version read and only the fields changed; a 409 asks to reload.
 */
import { Alert, Button, Col, Form, Input, InputNumber, Popconfirm, Row, Space, Switch, Tag, message } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGREEMENT_PLACEHOLDERS, UpdateSettingsBody } from '@server/modules/workforce/workforce.schema';
import { ApiError } from '../../lib/api';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { fenFromYuan, yuanFromFen } from '../../lib/money';
import { ErrorAlert, ErrorState, PageLoading } from '../../lib/ui';
import './workforce.css';
import { updateSettings, useSettings, useWorkforceAction, type Settings } from './api';

interface Values {
  maxLendPct: number | null;
  noCompetitorLending: boolean;
  allowCity: boolean;
  retentionDays: number | null;
  referenceWageYuan: string;
  agreementTemplate: string;
}

const toValues = (s: Settings): Values => ({
  maxLendPct: s.maxLendPct, noCompetitorLending: s.noCompetitorLending, allowCity: s.allowCity, retentionDays: s.retentionDays,
  referenceWageYuan: yuanFromFen(s.referenceWageFen), agreementTemplate: s.agreementTemplate,
});

const KNOWN = new Set<string>(AGREEMENT_PLACEHOLDERS);

/** The `{{name}}`s of a template that the server does not fill (left as they are in the agreement). */
export function unknownPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).filter((k) => !KNOWN.has(k)))];
}

/** The server's field paths that the form names differently. */
const formPath = (p: string) => (p === 'referenceWageFen' ? 'referenceWageYuan' : p);

export function WorkforceSettings() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const settings = useSettings();
  const mutation = useWorkforceAction(updateSettings);
  const [preview, setPreview] = useState(false);
  const template = Form.useWatch('agreementTemplate', form) ?? '';
  const required = requiredRule(t);
  const data = settings.data;

  useEffect(() => {
    if (data) form.setFieldsValue(toValues(data));
  }, [data, form]);

  const unknown = useMemo(() => unknownPlaceholders(template), [template]);
  const conflict = mutation.error instanceof ApiError && mutation.error.status === 409;

  if (settings.isPending) return <PageLoading rows={6} />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const current = settings.data;

  const save = (patch: Omit<UpdateSettingsBody, 'version'>) =>
    mutation.mutate({ ...patch, version: current.version }, {
      onSuccess: (s) => {
        form.setFieldsValue(toValues(s));
        void message.success(t('workforce.settings.saved'));
      },
      onError: (err) => applyFieldErrors(t, form, err, formPath),
    });

  const submit = (v: Values) => {
    const wage = fenFromYuan(v.referenceWageYuan);
    if (wage === null || wage < 1) {
      form.setFields([{ name: 'referenceWageYuan', errors: [t('workforce.settings.wageInvalid')] }]);
      return;
    }
    // Only what changed: a PATCH names the fields it changes.
    const patch: Omit<UpdateSettingsBody, 'version'> = {};
    if (v.maxLendPct !== current.maxLendPct) patch.maxLendPct = v.maxLendPct;
    if (v.noCompetitorLending !== current.noCompetitorLending) patch.noCompetitorLending = v.noCompetitorLending;
    if (v.allowCity !== current.allowCity) patch.allowCity = v.allowCity;
    if (v.retentionDays !== null && v.retentionDays !== current.retentionDays) patch.retentionDays = v.retentionDays;
    if (wage !== current.referenceWageFen) patch.referenceWageFen = wage;
    if (v.agreementTemplate !== current.agreementTemplate) patch.agreementTemplate = v.agreementTemplate;
    if (Object.keys(patch).length === 0) {
      void message.info(t('workforce.settings.unchanged'));
      return;
    }
    save(patch);
  };

  const reload = () => {
    mutation.reset();
    void settings.refetch().then((r) => {
      if (r.data) form.setFieldsValue(toValues(r.data));
    });
  };

  const lines = template.split('\n');
  const label = (k: string) => t(`workforce.settings.placeholders.${k}`);
  const filled = (line: string) => line.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (KNOWN.has(k) ? t('workforce.settings.shown', { label: label(k) }) : m));

  return (
    <div data-testid="workforce-settings">
      {conflict ? (
        <Alert
          className="section"
          type="warning"
          showIcon
          role="alert"
          title={t('workforce.settings.conflict')}
          action={<Button size="small" onClick={reload} data-testid="settings-reload">{t('workforce.settings.reload')}</Button>}
        />
      ) : mutation.error ? (
        <div className="section"><ErrorAlert error={mutation.error} /></div>
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={toValues(current)} data-testid="settings-form">
        <h2 className="settings-section-title">{t('workforce.settings.rules')}</h2>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="maxLendPct" label={t('workforce.settings.maxLendPct')} extra={t('workforce.settings.maxLendPctHelp')} rules={[zodRule(t, UpdateSettingsBody.shape.maxLendPct)]}>
              <InputNumber style={{ width: '100%' }} precision={0} suffix="%" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="referenceWageYuan" label={t('workforce.settings.referenceWage')} extra={t('workforce.settings.referenceWageHelp')} rules={[required]}>
              <Input inputMode="decimal" maxLength={12} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="noCompetitorLending" label={t('workforce.settings.noCompetitorLending')} extra={t('workforce.settings.noCompetitorLendingHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="allowCity" label={t('workforce.settings.allowCity')} extra={t('workforce.settings.allowCityHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <h2 className="settings-section-title">{t('workforce.settings.privacy')}</h2>
        <Form.Item name="retentionDays" label={t('workforce.settings.retentionDays')} extra={t('workforce.settings.retentionDaysHelp')} rules={[required, zodRule(t, UpdateSettingsBody.shape.retentionDays)]}>
          <InputNumber style={{ width: 200, maxWidth: '100%' }} precision={0} />
        </Form.Item>
        <h2 className="settings-section-title">{t('workforce.settings.template')}</h2>
        <Form.Item name="agreementTemplate" label={t('workforce.settings.templateText')} extra={t('workforce.settings.templateHelp')} rules={[zodRule(t, UpdateSettingsBody.shape.agreementTemplate)]}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 18 }} maxLength={20_000} />
        </Form.Item>
        <div className="section" data-testid="settings-placeholders">
          <div className="muted small">{t('workforce.settings.placeholdersTitle')}</div>
          <Space size={[4, 4]} wrap>
            {AGREEMENT_PLACEHOLDERS.map((k) => (
              <Tag key={k}>
                <code>{`{{${k}}}`}</code> {label(k)}
              </Tag>
            ))}
          </Space>
        </div>
        {unknown.length ? (
          <Alert className="section" type="warning" showIcon title={t('workforce.settings.unknown', { names: unknown.map((k) => `{{${k}}}`).join(', ') })} data-testid="settings-unknown" />
        ) : null}
        <Space wrap className="section">
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="settings-save">{t('common.save')}</Button>
          <Button onClick={() => setPreview((p) => !p)} aria-expanded={preview} data-testid="settings-preview">
            {preview ? t('workforce.settings.hidePreview') : t('workforce.settings.preview')}
          </Button>
          <Popconfirm title={t('workforce.settings.restoreConfirm')} onConfirm={() => save({ agreementTemplate: null })}>
            <Button disabled={mutation.isPending}>{t('workforce.settings.restore')}</Button>
          </Popconfirm>
        </Space>
      </Form>
      {preview ? (
        <section className="section agreement-preview" aria-label={t('workforce.settings.previewTitle')} data-testid="settings-preview-text">
          <h3>{filled(lines[0] ?? '')}</h3>
          {lines.slice(1).map((line, i) => (
            <p key={i}>{filled(line)}</p>
          ))}
        </section>
      ) : null}
    </div>
  );
}
