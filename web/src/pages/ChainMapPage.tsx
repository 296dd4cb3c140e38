/** 产业链图谱: the alliance's supply chain in tiers, coloured by the break forecast. */
import { LineChartOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { AnalysisControls, paramsQuery, useAnalysisParams } from '../features/chain/AnalysisControls';
import { AnalysisGate } from '../features/chain/AnalysisGate';
import { MapView } from '../features/chain/MapView';
import { useAnalysis } from '../features/chain/api';
import { formatInt } from '../lib/format';
import { currentAllianceName, useSession } from '../lib/session';
import { PageHeader } from '../lib/ui';

export default function ChainMapPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useAnalysisParams();
  const [sp, setSp] = useSearchParams();
  const analysis = useAnalysis(params);
  const firm = Number(sp.get('firm'));
  const selectedId = Number.isInteger(firm) && firm > 0 ? firm : null;
  const select = (id: number | null) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id === null) next.delete('firm');
        else next.set('firm', String(id));
        return next;
      },
      { replace: true },
    );
  return (
    <>
      <PageHeader
        title={t('chain.map.title')}
        subtitle={
          analysis.data
            ? t('chain.map.subtitle', { alliance: currentAllianceName(session), firms: formatInt(analysis.data.firms.length), links: formatInt(analysis.data.links.length) })
            : currentAllianceName(session)
        }
        extra={<Button icon={<LineChartOutlined />} onClick={() => navigate(`/chain/forecast${paramsQuery(params)}`)}>{t('chain.map.toForecast')}</Button>}
      />
      <AnalysisControls params={params} onChange={setParams} onRefresh={() => void analysis.refetch()} refreshing={analysis.isFetching} />
      <AnalysisGate query={analysis}>{(a) => <MapView analysis={a} selectedId={selectedId} onSelect={select} />}</AnalysisGate>
    </>
  );
}
