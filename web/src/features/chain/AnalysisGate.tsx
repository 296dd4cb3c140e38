/** Loading (with the job's progress), error and empty states around an analysis result. */
import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { EmptyState, ErrorState } from '../../lib/ui';
import { AnalysisProgress } from './AnalysisControls';
import type { Analysis, useAnalysis } from './api';

export function AnalysisGate({ query, children }: { query: ReturnType<typeof useAnalysis>; children: (a: Analysis) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Card>
        <AnalysisProgress progress={query.progress} />
      </Card>
    );
  }
  if (query.error) {
    const err = query.error instanceof ApiError ? query.error : new ApiError(0, 'analysis_failed', '', null);
    return (
      <Card>
        <ErrorState error={err} onRetry={() => void query.refetch()} />
      </Card>
    );
  }
  if (!query.data.firms.length) {
    return (
      <Card>
        <EmptyState description={t('chain.empty')} />
      </Card>
    );
  }
  return <>{children(query.data)}</>;
}
