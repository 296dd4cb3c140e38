import { CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { FullPageSpin } from '../app/App';
import { LanguageToggle } from '../app/LanguageToggle';
import { LoginForm } from '../features/auth/LoginForm';
import { useSessionQuery } from '../lib/session';

export default function LoginPage() {
  const { t } = useTranslation();
  const { data, isPending } = useSessionQuery();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (isPending) return <FullPageSpin />;
  if (data) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
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
          <LanguageToggle />
        </div>
        {/* Plain markup, not Card and Typography: the first page a phone opens stays light. */}
        <div className="login-card">
          <h2>{t('auth.login.title')}</h2>
          <p className="login-secondary">{t('auth.login.subtitle')}</p>
          <LoginForm onSuccess={() => navigate(from ?? '/', { replace: true })} />
          <p className="login-secondary login-hint">{t('auth.login.hint')}</p>
        </div>
      </main>
    </div>
  );
}
