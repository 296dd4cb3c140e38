import { CheckCircleOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { FullPageSpin } from '../app/App';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { homePath } from '../app/nav';
import { LoginForm } from '../features/auth/LoginForm';
import { useSessionQuery } from '../lib/session';

export default function LoginPage() {
  const { t } = useTranslation();
  const { data, isPending } = useSessionQuery();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (isPending) return <FullPageSpin />;
  if (data) return <Navigate to={from && from !== '/login' ? from : homePath(data)} replace />;
  return (
    <div className="login-page">
      <section className="login-hero" aria-label={t('common.appName')}>
        <div>
          <div className="brand" style={{ padding: 0, border: 'none', height: 'auto' }}>
            <span className="brand-mark" aria-hidden>复</span>
            <span className="brand-text">
              <span className="brand-name">{t('common.appName')}</span>
              <span className="brand-tagline">{t('common.tagline')}</span>
            </span>
          </div>
          <h1>{t('auth.hero.title')}</h1>
          <p>{t('auth.hero.lead')}</p>
          <ul className="login-points">
            {(['one', 'two', 'three'] as const).map((k) => (
              <li key={k}>
                <CheckCircleOutlined aria-hidden />
                <span>{t(`auth.hero.points.${k}`)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="login-foot">{t('auth.hero.foot')}</div>
      </section>
      <main className="login-panel">
        <div className="login-lang">
          <LanguageSwitch />
        </div>
        <Card className="login-card" variant="borderless">
          <Typography.Title level={2}>{t('auth.login.title')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('auth.login.subtitle')}</Typography.Paragraph>
          <LoginForm onSuccess={() => navigate(from ?? '/', { replace: true })} />
          <Typography.Paragraph type="secondary" className="login-hint">{t('auth.login.hint')}</Typography.Paragraph>
        </Card>
      </main>
    </div>
  );
}
