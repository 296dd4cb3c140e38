import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, requiredRule } from '../../lib/errors';
import { ErrorAlert } from '../../lib/ui';
import { useChangePassword } from './api';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useChangePassword();
  const close = () => {
    form.resetFields();
    mutation.reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('auth.password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          mutation.mutate(
            { currentPassword: v.currentPassword, newPassword: v.newPassword },
            {
              onSuccess: () => {
                message.success(t('auth.password.changed'));
                close();
              },
              onError: (err) => applyFieldErrors(t, form, err),
            },
          )
        }
      >
        <ErrorAlert error={mutation.error} />
        <Form.Item name="currentPassword" label={t('auth.password.current')} rules={[requiredRule(t)]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('auth.password.new')} extra={t('auth.password.rule')} rules={[requiredRule(t)]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            requiredRule(t),
            ({ getFieldValue }) => ({
              validator: async (_, v) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('auth.password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
