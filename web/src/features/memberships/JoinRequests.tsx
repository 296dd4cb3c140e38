/**
 * The alliance's side of joining: ask a firm another alliance registered (by its credit code) and
 * follow the answers. Until the firm accepts, the alliance knows it by name and credit code only.
 */
import { TeamOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, Form, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JoinEnterpriseBody } from '@server/modules/enterprises/enterprises.schema';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, requiredRule, zodRule } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { ErrorAlert } from '../../lib/ui';
import { useAllianceRequests, useRequestJoin, type JoinRequest } from './api';

const STATUS_COLORS = { pending: 'gold', accepted: 'green', refused: 'default' } as const;

export function JoinRequestsButton({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(defaultOpen);
  const requests = useAllianceRequests();
  const pending = requests.data?.items.filter((r) => r.status === 'pending').length ?? 0;
  return (
    <>
      <Badge count={pending} size="small">
        <Button icon={<TeamOutlined />} onClick={() => setOpen(true)} data-testid="join-requests-open">{t('memberships.join.button')}</Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} size={560} title={t('memberships.join.title')} destroyOnHidden>
        <JoinForm />
        <Typography.Title level={5} style={{ marginTop: 24 }}>{t('memberships.join.listTitle')}</Typography.Title>
        {requests.error ? <ErrorAlert error={requests.error} /> : null}
        <Table<JoinRequest>
          rowKey="id"
          size="small"
          loading={requests.isPending}
          dataSource={requests.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('memberships.join.empty') }}
          columns={[
            { title: t('memberships.join.enterprise'), key: 'e', render: (_, r) => <>{r.enterprise.name}<br /><span className="mono">{r.enterprise.creditCode}</span></> },
            { title: t('memberships.join.status'), key: 's', render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`memberships.join.statuses.${r.status}`)}</Tag> },
            { title: t('memberships.join.requestedAt'), key: 'at', render: (_, r) => formatDateTime(r.requestedAt) },
          ]}
        />
      </Drawer>
    </>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ creditCode: string }>();
  const mutation = useRequestJoin();
  // One key per attempt: a retry of the same submission is not a second request.
  const [key, setKey] = useState(newIdempotencyKey);
  return (
    <Form
      form={form}
      layout="vertical"
      onValuesChange={() => setKey(newIdempotencyKey())}
      onFinish={(v) =>
        mutation.mutate(
          { creditCode: v.creditCode, idempotencyKey: key },
          {
            onSuccess: (r) => {
              message.success(t('memberships.join.sent', { name: r.enterprise.name }));
              form.resetFields();
              setKey(newIdempotencyKey());
            },
            onError: (err) => applyFieldErrors(t, form, err),
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('memberships.join.help')}</Typography.Paragraph>
      <Form.Item name="creditCode" label={t('memberships.join.creditCode')} rules={[requiredRule(t), zodRule(t, JoinEnterpriseBody.shape.creditCode)]}>
        <Input className="mono" maxLength={18} autoComplete="off" spellCheck={false} />
      </Form.Item>
      {mutation.error && !(mutation.error as { errors?: unknown[] }).errors?.length ? <ErrorAlert error={mutation.error} /> : null}
      <Button type="primary" htmlType="submit" loading={mutation.isPending}>{t('memberships.join.send')}</Button>
    </Form>
  );
}
