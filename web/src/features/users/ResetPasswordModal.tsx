/**
 * Resetting someone's password (an account holder who forgot theirs asks the secretary): confirm,
 * then the new random password is shown once with a copy button. Closing the dialog forgets it.
 */
import { Alert, App, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../lib/session';
import { ErrorAlert } from '../../lib/ui';
import { useResetPassword, type User } from './api';

/** Roles whose holders only a platform admin may reset (a secretary cannot grant them either). */
const ADMIN_ONLY = new Set(['platform_admin', 'secretary', 'expert']);

/**
 * Mirrors the server's rule (which still decides): not oneself, and for a secretary only accounts
 * that work in this alliance alone and hold no role a secretary cannot grant.
 */
/**
 * Mirrors the server's rule for changing an account (the server still decides): the platform
 * admin any; an account speaking for a firm only that firm's admin; a staff account the secretary
 * of its alliance, when it works there alone and holds no role only a platform admin grants.
 */
export function mayManageUser(session: Session, u: User): boolean {
  if (session.roles.includes('platform_admin')) return true;
  const firmGrants = u.grants.filter((g) => g.role === 'enterprise_admin' || g.role === 'enterprise_staff');
  if (firmGrants.length) {
    const mine = session.grants.filter((g) => g.role === 'enterprise_admin').map((g) => g.enterpriseId);
    return firmGrants.length === u.grants.length && firmGrants.every((g) => mine.includes(g.enterpriseId));
  }
  if (!session.roles.includes('secretary')) return false;
  return u.grants.every((g) => !ADMIN_ONLY.has(g.role) && g.allianceId === session.allianceId);
}

export function mayResetPassword(session: Session, u: User): boolean {
  return u.id !== session.user.id && mayManageUser(session, u);
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mutation = useResetPassword();
  const result = mutation.data;
  const close = () => {
    mutation.reset(); // drop the password from memory
    onClose();
  };
  const name = user?.displayName ?? '';
  return (
    <Modal
      open={!!user}
      title={t('users.reset.title', { name })}
      onCancel={close}
      destroyOnHidden
      maskClosable={!result}
      footer={
        result ? (
          <Button type="primary" onClick={close} data-testid="reset-done">{t('users.reset.done')}</Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              danger
              loading={mutation.isPending}
              data-testid="reset-confirm"
              onClick={() =>
                user &&
                mutation.mutate(user, {
                  onSuccess: () => message.success(t('users.reset.success', { name })),
                })
              }
            >
              {t('users.reset.confirm')}
            </Button>
          </>
        )
      }
    >
      <ErrorAlert error={mutation.error} />
      {result ? (
        <>
          <Typography.Paragraph>{t('users.reset.newPasswordFor', { name, username: result.user.username })}</Typography.Paragraph>
          <Typography.Paragraph>
            <Typography.Text
              code
              strong
              className="mono temp-password"
              data-testid="temp-password"
              copyable={{ text: result.temporaryPassword, tooltips: [t('users.reset.copy'), t('users.reset.copied')] }}
            >
              {result.temporaryPassword}
            </Typography.Text>
          </Typography.Paragraph>
          <Alert type="warning" showIcon title={t('users.reset.onceOnly')} />
        </>
      ) : (
        <Typography.Paragraph>{t('users.reset.explain', { name, username: user?.username ?? '' })}</Typography.Paragraph>
      )}
    </Modal>
  );
}
