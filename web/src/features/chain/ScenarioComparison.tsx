/**
 * A scenario against the baseline: chain output before and after, and per firm the break day
 * before → after and the change of its output (rows whose break day moves are highlighted).
 */
import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Switch, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../lib/ui';
import type { Analysis, AnalysisFirm } from './api';
import { DayLabel } from './FirmPanel';
import { OutputCurve } from './ForecastView';
import { breakMoved, deltaPoints, totalY } from './model';

function BreakDay({ day }: { day: number | null | undefined }) {
  const { t } = useTranslation();
  return day === null || day === undefined ? <span className="muted">{t('chain.scenarios.noBreak')}</span> : <DayLabel day={day} />;
}

/** Earlier (or new) break = worse; later (or none) = better. */
function direction(f: AnalysisFirm): 'worse' | 'better' | null {
  if (!breakMoved(f)) return null;
  const before = f.breakDay ?? Number.POSITIVE_INFINITY;
  const after = f.scenarioBreakDay ?? Number.POSITIVE_INFINITY;
  return after < before ? 'worse' : 'better';
}

export function ScenarioComparison({ analysis, mapLink }: { analysis: Analysis; mapLink: (id: number) => string }) {
  const { t } = useTranslation();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const rows = useMemo(() => {
    const changed = (f: AnalysisFirm) => breakMoved(f) || Math.abs(deltaPoints(analysis, f)) >= 0.05;
    return analysis.firms
      .filter((f) => !onlyChanged || changed(f))
      .sort((a, b) => Number(breakMoved(b)) - Number(breakMoved(a)) || Math.abs(deltaPoints(analysis, b)) - Math.abs(deltaPoints(analysis, a)) || a.id - b.id);
  }, [analysis, onlyChanged]);
  const moved = analysis.firms.filter(breakMoved);
  const worse = moved.filter((f) => direction(f) === 'worse').length;
  const deltaPct = analysis.scenario && totalY(analysis) > 0 ? (analysis.scenario.deltaTotal / totalY(analysis)) * 100 : 0;

  return (
    <div data-testid="scenario-comparison">
      <div className="kpi-grid chain-kpis">
        <Card className="kpi-card">
          <Statistic title={t('chain.scenarios.deltaTotal')} value={deltaPct.toFixed(1)} suffix="%" prefix={deltaPct > 0 ? '+' : ''} styles={{ content: { color: deltaPct < -0.05 ? '#b91c1c' : deltaPct > 0.05 ? '#15803d' : undefined } }} />
          <div className="kpi-foot">{t('chain.scenarios.deltaTotalFoot', { days: analysis.Y.length })}</div>
        </Card>
        <Card className="kpi-card" data-testid="moved-count">
          <Statistic title={t('chain.scenarios.movedTitle')} value={moved.length} suffix={t('chain.forecast.firmsUnit')} />
          <div className="kpi-foot">{t('chain.scenarios.movedFoot', { worse, better: moved.length - worse })}</div>
        </Card>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={10}>
          <Card title={t('chain.scenarios.outputTitle')} size="small">
            <OutputCurve analysis={analysis} />
          </Card>
        </Col>
        <Col xs={24} xxl={14}>
          <Card
            size="small"
            title={t('chain.scenarios.firmsTitle')}
            extra={
              <span className="small">
                <Switch size="small" id="only-changed" checked={onlyChanged} onChange={setOnlyChanged} /> <label htmlFor="only-changed">{t('chain.scenarios.onlyChanged')}</label>
              </span>
            }
          >
            <Table<AnalysisFirm>
              size="small"
              rowKey="id"
              dataSource={rows}
              data-testid="compare-table"
              pagination={rows.length > 12 ? { pageSize: 12, showSizeChanger: false, size: 'small' } : false}
              scroll={{ x: 640 }}
              locale={{ emptyText: <EmptyState description={t('chain.scenarios.noDifference')} /> }}
              rowClassName={(f) => (direction(f) ? `compare-row moved ${direction(f)}` : 'compare-row')}
              onRow={(f) => ({ 'data-moved': breakMoved(f) ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'firm', title: t('chain.forecast.colFirm'), render: (_, f) => <Link to={mapLink(f.id)}>{f.name}</Link> },
                {
                  key: 'break',
                  title: t('chain.scenarios.breakBeforeAfter'),
                  className: 'nowrap',
                  render: (_, f) => (
                    <span className="compare-days">
                      <span data-testid="break-before"><BreakDay day={f.breakDay} /></span>
                      <ArrowRightOutlined aria-label={t('chain.scenarios.to')} className="compare-arrow" />
                      <Typography.Text strong={breakMoved(f)} type={direction(f) === 'worse' ? 'danger' : direction(f) === 'better' ? 'success' : undefined} data-testid="break-after">
                        <BreakDay day={f.scenarioBreakDay ?? null} />
                      </Typography.Text>
                    </span>
                  ),
                },
                {
                  key: 'delta',
                  title: t('chain.scenarios.deltaOutput'),
                  align: 'right',
                  className: 'nowrap',
                  render: (_, f) => {
                    const d = deltaPoints(analysis, f);
                    return <span className={d < -0.05 ? 'kpi-down' : d > 0.05 ? 'kpi-up' : 'muted'}>{t('chain.scenarios.deltaPoints', { value: `${d > 0 ? '+' : ''}${d.toFixed(1)}` })}</span>;
                  },
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
