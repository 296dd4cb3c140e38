/** An inline error (a failed submit); light enough for the login page. */
import { Alert } from 'antd';
import { Suspense, lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors';

const RequestId = lazy(() => import('./request-id'));

export function ErrorAlert({ error, extra }: { error: unknown; extra?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorMessage(t, error)}
      description={
        <>
          {extra}
          <Suspense fallback={null}>
            <RequestId error={error} />
          </Suspense>
        </>
      }
      className="form-alert"
    />
  );
}
