/** 断链预警: which firms stop on which day and why, and the chain's output over the horizon. */
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { AnalysisControls, paramsQuery, useAnalysisParams } from '../features/chain/AnalysisControls';
import { AnalysisGate } from '../features/chain/AnalysisGate';
import { BreakTable, ForecastSummary, OutputCurve } from '../features/chain/ForecastView';
import { useAnalysis } from '../features/chain/api';
import { currentAllianceName, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function ChainForecastPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useAnalysisParams();
  const analysis = useAnalysis(params);
  const q = paramsQuery(params);
  const mapLink = (id: number) => `/chain/map${q ? `${q}&` : '?'}firm=${id}`;
  return (
    <>
      <PageHeader title={t('chain.forecast.title')} subtitle={t(params.mode === 'static' ? 'chain.forecast.subtitleSteady' : 'chain.forecast.subtitle', { alliance: currentAllianceName(session) })} />
      <AnalysisControls params={params} onChange={setParams} onRefresh={() => void analysis.refetch()} refreshing={analysis.isFetching} />
      <AnalysisGate query={analysis}>
        {(a) => (
          <>
            <ForecastSummary analysis={a} />
            {a.mode === 'dynamic' ? (
              <Card title={t('chain.forecast.outputTitle')} className="section">
                <OutputCurve analysis={a} tall />
              </Card>
            ) : null}
            <Card title={a.mode === 'static' ? t('chain.forecast.tableTitleSteady') : t('chain.forecast.tableTitle', { days: a.Y.length })} className="section">
              <BreakTable analysis={a} mapLink={mapLink} />
            </Card>
          </>
        )}
      </AnalysisGate>
    </>
  );
}
