/**
 * 导入国务院通知: the admin pastes the State Council's holiday notice (its paragraphs or its
 * table), previews what it sets, then makes it the year's calendar in one step.
 */
import { Alert, App, Descriptions, Form, Input, Modal, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { useImportNotice, type NoticeImport } from './api';

export function NoticeImportDialog({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const run = useImportNotice();
  const [preview, setPreview] = useState<NoticeImport | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setPreview(null);
    }
  }, [open, form]);

  const submit = (dryRun: boolean) =>
    form.validateFields().then(({ text }) =>
      run.mutate(
        { year, text, dryRun },
        {
          onSuccess: (r) => {
            if (r.applied) {
              message.success(t('calendar.notice.applied', { year, replaced: r.replaced }));
              onClose();
            } else setPreview(r);
          },
          onError: (err) => {
            setPreview(null);
            applyFieldErrors(t, form, err);
          },
        },
      ),
    );

  return (
    <Modal
      open={open}
      width={720}
      title={t('calendar.notice.title', { year })}
      onCancel={onClose}
      okText={preview ? t('calendar.notice.apply') : t('calendar.notice.preview')}
      onOk={() => void submit(preview !== null)}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon className="section" title={t('calendar.notice.help')} />
      <Form form={form} layout="vertical" onValuesChange={() => setPreview(null)}>
        <Form.Item name="text" label={t('calendar.notice.text')} rules={[requiredRule(t)]}>
          <Input.TextArea rows={9} placeholder={t('calendar.notice.placeholder')} />
        </Form.Item>
      </Form>
      {preview ? (
        <Descriptions size="small" column={1} bordered title={t('calendar.notice.previewTitle')}>
          {preview.holidays.map((h) => (
            <Descriptions.Item key={h.name} label={h.name}>
              {t('calendar.notice.range', { from: h.dates[0], to: h.dates[h.dates.length - 1], count: h.dates.length })}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('calendar.kinds.adjustedWorkday')}>
            {preview.workdays.length ? preview.workdays.map((d) => <Tag key={d} color="blue">{d}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </Modal>
  );
}
