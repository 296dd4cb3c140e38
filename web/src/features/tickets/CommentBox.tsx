/**
 * Add to the conversation: a comment, public or (handlers only) internal, and files. Files are
 * checked for type and size before they are sent.
 */
import { LockOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Segmented, Space, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { applyFieldErrors, errorMessage } from '../../lib/errors';
import { ErrorAlert } from '../../lib/ui';
import { ATTACHMENT_ACCEPT, useComment, useUpload, type TicketFull } from './api';
import { attachmentProblem } from './attachments';

export function CommentBox({ ticket }: { ticket: TicketFull }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [fileError, setFileError] = useState<string | null>(null);
  const comment = useComment(ticket.id);
  const upload = useUpload(ticket.id);
  const key = useRef(newIdempotencyKey());
  const closed = ticket.status === 'closed';

  return (
    <div className={`comment-box${visibility === 'internal' ? ' is-internal' : ''}`}>
      <ErrorAlert error={comment.error} />
      <Form
        form={form}
        layout="vertical"
        onValuesChange={() => (key.current = newIdempotencyKey())}
        onFinish={(v) =>
          comment.mutate(
            { body: { body: v.body, visibility }, idempotencyKey: key.current },
            {
              onSuccess: () => {
                form.resetFields();
                key.current = newIdempotencyKey();
                message.success(t(visibility === 'internal' ? 'tickets.comments.addedInternal' : 'tickets.comments.added'));
              },
              onError: (err) => applyFieldErrors(t, form, err),
            },
          )
        }
      >
        {ticket.can.commentInternal ? (
          <Segmented
            className="comment-visibility"
            value={visibility}
            onChange={(v) => setVisibility(v as 'public' | 'internal')}
            options={[
              { value: 'public', label: t('tickets.visibility.public') },
              { value: 'internal', label: <span><LockOutlined aria-hidden /> {t('tickets.visibility.internal')}</span> },
            ]}
            data-testid="comment-visibility"
          />
        ) : null}
        <Form.Item
          name="body"
          label={t('tickets.comments.label')}
          extra={visibility === 'internal' ? t('tickets.comments.internalHelp') : ticket.can.commentInternal ? t('tickets.comments.publicHelp') : undefined}
          rules={[{ required: true, whitespace: true, message: t('fieldErrors.required') }]}
        >
          <Input.TextArea rows={3} maxLength={5000} placeholder={t('tickets.comments.placeholder')} data-testid="comment-input" />
        </Form.Item>
        <Space wrap className="comment-actions">
          <Upload
            accept={ATTACHMENT_ACCEPT}
            showUploadList={false}
            disabled={closed}
            beforeUpload={(file) => {
              const problem = attachmentProblem(t, file);
              setFileError(problem);
              if (problem) return Upload.LIST_IGNORE;
              upload.mutate(
                { file, visibility, idempotencyKey: newIdempotencyKey() },
                { onSuccess: (a) => message.success(t('tickets.attachments.uploaded', { name: a.name })), onError: (err) => setFileError(`${file.name}: ${errorMessage(t, err)}`) },
              );
              return false;
            }}
          >
            <Button icon={<PaperClipOutlined />} loading={upload.isPending} disabled={closed}>{t('tickets.attachments.add')}</Button>
          </Upload>
          <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={comment.isPending} data-testid="comment-submit">
            {t(visibility === 'internal' ? 'tickets.comments.submitInternal' : 'tickets.comments.submit')}
          </Button>
        </Space>
        {fileError ? <div className="ant-form-item-explain-error" role="alert">{fileError}</div> : null}
        <div className="muted small comment-hint">{t('tickets.attachments.help')}</div>
      </Form>
    </div>
  );
}
