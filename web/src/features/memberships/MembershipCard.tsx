/**
 * A member as this alliance keeps it: when it joined, which of its reports the alliance sees,
 * the alliance's own notes, and removing it. The firm's identity is not edited here.
 */
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateMembershipBody } from '@server/modules/enterprises/enterprises.schema';
import { applyFieldErrors, errorMessage, zodRule } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { ErrorAlert } from '../../lib/ui';
import { useRemoveMember, useUpdateMembership, type Member } from './api';

export function MembershipCard({ member: m, canEditNotes, canRemove, onRemoved }: { member: Member; canEditNotes: boolean; canRemove: boolean; onRemoved: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const remove = useRemoveMember(m.id);
  const confirmRemove = () =>
    modal.confirm({
      title: t('memberships.member.removeConfirmTitle', { name: m.name }),
      content: t('memberships.member.removeConfirm'),
      okText: t('memberships.member.remove'),
      okButtonProps: { danger: true },
      onOk: () =>
        remove.mutateAsync(m.membership.version).then(
          () => {
            message.success(t('memberships.member.removed', { name: m.name }));
            onRemoved();
          },
          (err: unknown) => {
            message.error(errorMessage(t, err));
          },
        ),
    });
  return (
    <Card
      title={t('memberships.member.title')}
      extra={
        <>
          {canEditNotes ? <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('memberships.member.editNotes')}</Button> : null}
          {canRemove ? <Button type="link" danger icon={<DeleteOutlined />} onClick={confirmRemove} data-testid="remove-member">{t('memberships.member.remove')}</Button> : null}
        </>
      }
    >
      <Descriptions column={{ xs: 1, sm: 2 }} size="middle">
        <Descriptions.Item label={t('memberships.member.joinedAt')}>{formatDateTime(m.membership.joinedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('memberships.member.reportsFrom')}>
          {m.membership.reportsFrom ? t('memberships.member.fromDate', { date: m.membership.reportsFrom }) : t('memberships.member.allReports')}
        </Descriptions.Item>
        <Descriptions.Item label={t('memberships.member.notes')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{m.membership.notes || <Typography.Text type="secondary">{t('memberships.member.noNotes')}</Typography.Text>}</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary">{t('memberships.member.identityHelp')}</Typography.Text>
      <NotesModal member={m} open={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}

function NotesModal({ member: m, open, onClose }: { member: Member; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ notes: string }>();
  const mutation = useUpdateMembership(m.id);
  return (
    <Modal
      open={open}
      title={t('memberships.member.editNotes')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ notes: m.membership.notes }}
        onFinish={(v) =>
          mutation.mutate(
            { notes: v.notes ?? '', version: m.membership.version },
            {
              onSuccess: () => {
                message.success(t('memberships.member.notesSaved'));
                onClose();
              },
              onError: (err) => applyFieldErrors(t, form, err),
            },
          )
        }
      >
        <Form.Item name="notes" label={t('memberships.member.notes')} rules={[zodRule(t, UpdateMembershipBody.shape.notes.unwrap(), { optional: true })]}>
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
