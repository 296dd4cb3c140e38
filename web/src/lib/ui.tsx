/** Small building blocks every page uses: page headers and the loading / empty / error states. */
import { Skeleton, Space, Tag } from 'antd';
import { Suspense, lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stage } from './stages';

export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <h1 className="page-title">{title}</h1>
        {subtitle ? <span className="page-subtitle">{subtitle}</span> : null}
      </div>
      {extra ? <Space wrap className="page-header-extra">{extra}</Space> : null}
    </div>
  );
}

/**
 * A titled box like Ant Design's Card, without its code (the Card brings Tabs along): the pages a
 * phone opens (the daily report) and the overview use it.
 */
export function Panel({ title, className, children, testId }: { title?: ReactNode; className?: string; children: ReactNode; testId?: string }) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} data-testid={testId}>
      {title ? (
        <div className="panel-head">
          <h2 className="panel-title">{title}</h2>
        </div>
      ) : null}
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function PageLoading({ rows = 6 }: { rows?: number }) {
  return <Skeleton active paragraph={{ rows }} className="page-loading" />;
}

// Ant Design's Empty (with its illustrations) loads when something is empty: a firm's daily report,
// which never is, does not download it.
const SimpleEmpty = lazy(() =>
  import('antd/es/empty').then(({ default: Empty }) => ({
    default: ({ description, children }: { description: ReactNode; children?: ReactNode }) => (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
        {children}
      </Empty>
    ),
  })),
);

export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Suspense fallback={null}>
      <SimpleEmpty description={description}>{children}</SimpleEmpty>
    </Suspense>
  );
}

// The error screen and its illustrations load only when an error is shown.
const ErrorResult = lazy(() => import('./error-result'));

/** A whole-area error (a page or card that could not load). */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Suspense fallback={null}>
      <ErrorResult error={error} onRetry={onRetry} />
    </Suspense>
  );
}

/** An inline error (a failed submit). */
export { ErrorAlert } from './error-alert';

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
