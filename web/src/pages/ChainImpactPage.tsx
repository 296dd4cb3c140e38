/** 关键企业 / 帮扶优先级: whose stoppage hurts the chain most, and whom to help first. */
import { useTranslation } from 'react-i18next';
import { AnalysisControls, paramsQuery, useAnalysisParams } from '../features/chain/AnalysisControls';
import { AnalysisGate } from '../features/chain/AnalysisGate';
import { ImpactView } from '../features/chain/ImpactView';
import { useAnalysis } from '../features/chain/api';
import { currentAllianceName, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function ChainImpactPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useAnalysisParams();
  const analysis = useAnalysis(params);
  const q = paramsQuery(params);
  const mapLink = (id: number) => `/chain/map${q ? `${q}&` : '?'}firm=${id}`;
  return (
    <>
      <PageHeader title={t('chain.impact.title')} subtitle={t('chain.impact.subtitle', { alliance: currentAllianceName(session) })} />
      <AnalysisControls params={params} onChange={setParams} onRefresh={() => void analysis.refetch()} refreshing={analysis.isFetching} />
      <AnalysisGate query={analysis}>{(a) => <ImpactView analysis={a} mapLink={mapLink} />}</AnalysisGate>
    </>
  );
}
