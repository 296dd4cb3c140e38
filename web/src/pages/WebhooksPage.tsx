/**
 * 群机器人 (secretaries): the alliance's DingTalk / WeCom group robots — address, signing
 * secret, events, on/off — a test message, and each robot's delivery log.
 */
import { ApiOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Drawer, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateWebhookBody } from '@server/modules/notifications/notifications.schema';
import {
  useCreateWebhook, useDeleteWebhook, useDeliveries, useTestWebhook, useUpdateWebhook, useWebhooks, type Webhook,
} from '../features/notifications/api';
import { DELIVERY_STATUSES, NOTIFICATION_KINDS, WEBHOOK_KINDS } from '../features/notifications/kinds';
import { newIdempotencyKey } from '../lib/api';
import { applyFieldErrors, errorMessage, requiredRule, zodRule } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { FormDrawer } from '../lib/form-drawer';
import { EmptyState, ErrorState, PageHeader } from '../lib/ui';

interface Values {
  kind: Webhook['kind'];
  name: string;
  url?: string;
  secret?: string;
  events: Webhook['events'];
  enabled: boolean;
}

const kindLabel = (k: string) => `notifications.kinds.${k.replace('.', '_')}`;

function WebhookDrawer({ open, hook, onClose }: { open: boolean; hook?: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const mutation = hook ? update : create;
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(hook ? { kind: hook.kind, name: hook.name, events: hook.events, enabled: hook.enabled } : { kind: 'dingtalk', enabled: true, events: ['ticket.created', 'ticket.escalated', 'meeting.scheduled'] });
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const submit = (v: Values, idempotencyKey: string) => {
    const done = () => {
      message.success(t('notifications.webhooks.saved'));
      onClose();
    };
    const failed = (err: unknown) => applyFieldErrors(t, form, err);
    if (hook) {
      update.mutate(
        { id: hook.id, body: { kind: v.kind, name: v.name, events: v.events, enabled: v.enabled, ...(v.url ? { url: v.url } : {}), ...(v.secret ? { secret: v.secret } : {}), version: hook.version } },
        { onSuccess: done, onError: failed },
      );
    } else {
      create.mutate({ body: { kind: v.kind, name: v.name, url: v.url ?? '', secret: v.secret || null, events: v.events, enabled: v.enabled }, idempotencyKey }, { onSuccess: done, onError: failed });
    }
  };
  const required = requiredRule(t);
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      size={560}
      title={t(hook ? 'notifications.webhooks.edit' : 'notifications.webhooks.add')}
      form={form}
      onFinish={submit}
      error={mutation.error}
      submitting={mutation.isPending}
    >
      <Form.Item name="kind" label={t('notifications.webhooks.kind')}>
        <Select options={WEBHOOK_KINDS.map((k) => ({ value: k, label: t(`notifications.webhooks.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('notifications.webhooks.name')} rules={[required, zodRule(t, CreateWebhookBody.shape.name)]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item
        name="url"
        label={t('notifications.webhooks.url')}
        extra={hook ? `${hook.url} · ${t('notifications.webhooks.secretKeep')}` : t('notifications.webhooks.urlHelp')}
        rules={hook ? [zodRule(t, CreateWebhookBody.shape.url, { optional: true })] : [required, zodRule(t, CreateWebhookBody.shape.url)]}
      >
        <Input maxLength={500} className="mono" autoComplete="off" spellCheck={false} />
      </Form.Item>
      {kind === 'dingtalk' ? (
        <Form.Item name="secret" label={t('notifications.webhooks.secret')} extra={hook?.hasSecret ? t('notifications.webhooks.secretKeep') : t('notifications.webhooks.secretHelp')}>
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
      ) : null}
      <Form.Item name="events" label={t('notifications.webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('fieldErrors.required') }]}>
        <Checkbox.Group className="event-checks" options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
      </Form.Item>
      <Form.Item name="enabled" label={t('notifications.webhooks.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}

const STATUS_COLORS = { pending: 'gold', delivered: 'green', failed: 'red' } as const;

function DeliveryLog({ hook }: { hook: Webhook }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | undefined>();
  const log = useDeliveries(hook.id, page, status);
  if (log.error) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  return (
    <>
      <Select allowClear aria-label={t('notifications.webhooks.status')} placeholder={t('notifications.webhooks.status')} value={status} onChange={(v?: string) => { setStatus(v); setPage(1); }} options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`notifications.webhooks.deliveryStatus.${s}`) }))} style={{ width: 140, marginBottom: 12 }} />
      <Table
        rowKey="id"
        size="small"
        loading={log.isFetching}
        dataSource={log.data?.items}
        scroll={{ x: 720 }}
        locale={{ emptyText: <EmptyState description={t('notifications.webhooks.noDeliveries')} /> }}
        pagination={{ current: page, pageSize: 10, total: log.data?.total ?? 0, onChange: setPage }}
        columns={[
          { key: 'createdAt', title: t('notifications.webhooks.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          { key: 'event', title: t('notifications.webhooks.event'), dataIndex: 'event', width: 200, render: (e: string) => ((NOTIFICATION_KINDS as readonly string[]).includes(e) ? t(kindLabel(e)) : t('notifications.webhooks.test_event')) },
          { key: 'status', title: t('notifications.webhooks.status'), dataIndex: 'status', width: 150, render: (s: keyof typeof STATUS_COLORS, r) => <Space size={4}><Tag color={STATUS_COLORS[s]}>{t(`notifications.webhooks.deliveryStatus.${s}`)}</Tag><span className="muted small">{t('notifications.webhooks.attempt', { n: r.attempt })}</span></Space> },
          { key: 'response', title: t('notifications.webhooks.response'), dataIndex: 'responseCode', width: 90, render: (c: number | null) => c ?? '—' },
          { key: 'error', title: t('notifications.webhooks.error'), dataIndex: 'error', ellipsis: true, render: (e: string | null, r) => e ?? (r.nextAttemptAt ? `${t('notifications.webhooks.nextAttempt')} ${formatDateTime(r.nextAttemptAt)}` : '—') },
        ]}
      />
    </>
  );
}

export default function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const hooks = useWebhooks();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  return (
    <>
      <PageHeader title={t('notifications.webhooks.title')} subtitle={t('notifications.webhooks.subtitle')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('notifications.webhooks.add')}</Button>} />
      <Card>
        {hooks.error ? (
          <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
        ) : (
          <Table<Webhook>
            rowKey="id"
            loading={hooks.isFetching}
            dataSource={hooks.data}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <EmptyState description={t('notifications.webhooks.empty')} /> }}
            columns={[
              { key: 'name', title: t('notifications.webhooks.name'), dataIndex: 'name', width: 200, render: (n: string, r) => <Space direction="vertical" size={0}><span><ApiOutlined aria-hidden /> {n}</span><Typography.Text type="secondary" className="small">{t(`notifications.webhooks.kinds.${r.kind}`)}</Typography.Text></Space> },
              { key: 'url', title: t('notifications.webhooks.url'), dataIndex: 'url', ellipsis: true, render: (u: string) => <span className="mono small">{u}</span> },
              { key: 'events', title: t('notifications.webhooks.events'), dataIndex: 'events', width: 260, render: (es: string[]) => <Space wrap size={4}>{es.map((e) => <Tag key={e}>{t(kindLabel(e))}</Tag>)}</Space> },
              {
                key: 'enabled',
                title: t('notifications.webhooks.status'),
                dataIndex: 'enabled',
                width: 110,
                render: (on: boolean, r) => (
                  <Switch
                    checked={on}
                    size="small"
                    aria-label={`${r.name} · ${t('notifications.webhooks.enabled')}`}
                    onChange={(enabled) => update.mutate({ id: r.id, body: { enabled, version: r.version } }, { onError: (e) => message.error(errorMessage(t, e)) })}
                  />
                ),
              },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 250,
                render: (_: unknown, r) => (
                  <Space wrap size={4}>
                    <Button size="small" icon={<SendOutlined />} onClick={() => test.mutate({ id: r.id, idempotencyKey: newIdempotencyKey() }, { onSuccess: () => message.success(t('notifications.webhooks.testQueued')), onError: (e) => message.error(errorMessage(t, e)) })}>
                      {t('notifications.webhooks.test')}
                    </Button>
                    <Button size="small" onClick={() => setLogOf(r)}>{t('notifications.webhooks.deliveries')}</Button>
                    <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('notifications.webhooks.edit')} onClick={() => setEditing(r)} />
                    <Popconfirm title={t('notifications.webhooks.deleteConfirm', { name: r.name })} onConfirm={() => remove.mutate({ id: r.id, version: r.version }, { onSuccess: () => message.success(t('notifications.webhooks.deleted')), onError: (e) => message.error(errorMessage(t, e)) })}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('notifications.webhooks.delete')} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <WebhookDrawer open={editing !== null} hook={editing && editing !== 'new' ? editing : undefined} onClose={() => setEditing(null)} />
      <Drawer open={logOf !== null} onClose={() => setLogOf(null)} size={820} title={logOf ? `${t('notifications.webhooks.deliveries')} · ${logOf.name}` : ''} destroyOnHidden>
        {logOf ? <DeliveryLog hook={logOf} /> : null}
      </Drawer>
    </>
  );
}
