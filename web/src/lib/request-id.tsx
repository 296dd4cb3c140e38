/** The server's request id under an error, copyable (what support asks for). */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

export default function RequestId({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || !error.requestId) return null;
  return (
    <Typography.Text type="secondary" className="request-id" copyable={{ text: error.requestId }}>
      {t('common.requestId', { id: error.requestId })}
    </Typography.Text>
  );
}
