/** Lock the campaign (staff): what the supplier confirmed per item (default: its stock, or all pledged), then allocation by the campaign's rule. */
import { App, Form, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { unitLabel } from '@server/domain/units';
import { errorMessage } from '../../lib/errors';
import { formatInt } from '../../lib/format';
import { currentLocale } from '../../lib/i18n';
import { useLock, type Campaign } from './api';

export function LockModal({ campaign, open, onClose }: { campaign: Campaign; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, number | null>>();
  const lock = useLock(campaign.id);
  useEffect(() => {
    if (open) form.setFieldsValue(Object.fromEntries(campaign.items.map((i) => [`item${i.id}`, Math.min(i.stockCount ?? i.pledgedCount, i.pledgedCount)])));
  }, [open, campaign, form]);
  const submit = (v: Record<string, number | null>) =>
    lock.mutate(
      { version: campaign.version, available: campaign.items.map((i) => ({ itemId: i.id, count: v[`item${i.id}`] ?? 0 })) },
      {
        onSuccess: () => {
          message.success(t('purchasing.lock.done'));
          onClose();
        },
        onError: (e) => message.error(errorMessage(t, e)),
      },
    );
  return (
    <Modal open={open} onCancel={onClose} title={t('purchasing.lock.title')} okText={t('purchasing.lock.submit')} onOk={() => form.submit()} confirmLoading={lock.isPending} okButtonProps={{ 'data-testid': 'lock-submit' }} destroyOnHidden>
      <p>{t('purchasing.lock.help', { rule: t(`purchasing.rules.${campaign.allocationRule}`) })}</p>
      <Form form={form} layout="vertical" onFinish={submit}>
        {campaign.items.map((i) => (
          <Form.Item key={i.id} name={`item${i.id}`} label={t('purchasing.lock.available', { item: i.name, unit: unitLabel(i.unit, currentLocale()) })} extra={t('purchasing.lock.pledged', { count: formatInt(i.pledgedCount) })}>
            <InputNumber min={0} max={2_147_483_647} precision={0} style={{ width: 200 }} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
