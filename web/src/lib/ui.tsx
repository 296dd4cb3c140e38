/** Small building blocks every page uses: page headers and the loading / empty / error states. */
import { Alert, Button, Empty, Result, Skeleton, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import type { Stage } from './domain';
import { errorMessage } from './errors';

export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <Typography.Title level={1} className="page-title">{title}</Typography.Title>
        {subtitle ? <Typography.Text type="secondary" className="page-subtitle">{subtitle}</Typography.Text> : null}
      </div>
      {extra ? <Space wrap className="page-header-extra">{extra}</Space> : null}
    </div>
  );
}

export function PageLoading({ rows = 6 }: { rows?: number }) {
  return <Skeleton active paragraph={{ rows }} className="page-loading" />;
}

export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {children}
    </Empty>
  );
}

function RequestId({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || !error.requestId) return null;
  return (
    <Typography.Text type="secondary" className="request-id" copyable={{ text: error.requestId }}>
      {t('common.requestId', { id: error.requestId })}
    </Typography.Text>
  );
}

/** A whole-area error (a page or card that could not load). */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
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

/** An inline error (a failed submit). */
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
          <RequestId error={error} />
        </>
      }
      className="form-alert"
    />
  );
}

const STAGE_COLORS: Record<Stage, string> = { stopped: 'red', partial: 'gold', full: 'green' };

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return <Tag color={STAGE_COLORS[stage]} variant="outlined">{t(`common.stages.${stage}`)}</Tag>;
}

export const STAGE_CHART_COLORS: Record<Stage, string> = { stopped: '#dc2626', partial: '#f59e0b', full: '#16a34a' };

/**
 * antd's `List.Item.Meta` with the same look but no `<h4>`: a list row's title is not a section
 * heading, and an h4 under the page's h1 skips levels (axe heading-order).
 */
export function ListItemMeta({ title, description, avatar }: { title?: ReactNode; description?: ReactNode; avatar?: ReactNode }) {
  return (
    <div className="ant-list-item-meta">
      {avatar ? <div className="ant-list-item-meta-avatar">{avatar}</div> : null}
      <div className="ant-list-item-meta-content">
        {title ? <div className="ant-list-item-meta-title">{title}</div> : null}
        {description ? <div className="ant-list-item-meta-description">{description}</div> : null}
      </div>
    </div>
  );
}
