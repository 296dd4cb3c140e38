import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { useLogin } from './api';

export function LoginForm({ onSuccess }: { onSuccess?: () => void }) {
  const { t } = useTranslation();
  const mutation = useLogin();
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      size="large"
      onFinish={(values: { username: string; password: string }) => mutation.mutate(values, { onSuccess })}
      aria-label={t('auth.login.title')}
    >
      <ErrorAlert error={mutation.error} />
      <Form.Item label={t('auth.login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}>
        <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus placeholder={t('auth.login.usernamePlaceholder')} />
      </Form.Item>
      <Form.Item label={t('auth.login.password')} name="password" rules={[{ required: true, message: t('auth.login.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" placeholder={t('auth.login.passwordPlaceholder')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
        {t('auth.login.submit')}
      </Button>
    </Form>
  );
}
