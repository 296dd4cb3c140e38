/**
 * A whole-area error (a page or card that could not load). Ant Design's Result carries large
 * illustrations, so this is its own chunk, fetched only when an error is shown (`ErrorState`).
 */
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { errorMessage } from './errors';
import RequestId from './request-id';

export default function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const resultStatus = status === 403 ? '403' : status === 404 ? '404' : status >= 500 ? '500' : 'error';
  return (
    <Result
      status={resultStatus}
      title={errorMessage(t, error)}
      subTitle={<RequestId error={error} />}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
