/**
 * The analysis settings every chain page shares (kept in the query string): dynamic or static
 * model, horizon, break threshold θ and whether pending links count. Also the progress bar of a
 * long-running analysis.
 */
import { QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, InputNumber, Progress, Segmented, Slider, Space, Switch, Tooltip, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import './chain.css';
import { useUrlState } from '../../lib/useUrlState';
import { DEFAULT_PARAMS, type AnalysisParams, type Job } from './api';

function parse(sp: URLSearchParams): { mode?: 'static'; horizon?: number; theta?: number; pending?: boolean } {
  const horizon = Number(sp.get('horizon'));
  const theta = Number(sp.get('theta'));
  return {
    mode: sp.get('mode') === 'static' ? 'static' : undefined,
    horizon: Number.isInteger(horizon) && horizon >= 1 && horizon <= 120 ? horizon : undefined,
    theta: theta > 0 && theta <= 1 ? theta : undefined,
    pending: sp.get('pending') === 'true' || undefined,
  };
}

/** The analysis parameters in the page's query string, with their defaults. */
export function useAnalysisParams(): [AnalysisParams, (p: Partial<AnalysisParams>) => void] {
  const [s, set] = useUrlState(parse);
  const params: AnalysisParams = {
    mode: s.mode ?? DEFAULT_PARAMS.mode,
    horizon: s.horizon ?? DEFAULT_PARAMS.horizon,
    theta: s.theta ?? DEFAULT_PARAMS.theta,
    includePending: s.pending ?? DEFAULT_PARAMS.includePending,
  };
  const update = (p: Partial<AnalysisParams>) =>
    set({
      ...(p.mode ? { mode: p.mode === 'static' ? 'static' : undefined } : {}),
      ...(p.horizon !== undefined ? { horizon: p.horizon === DEFAULT_PARAMS.horizon ? undefined : p.horizon } : {}),
      ...(p.theta !== undefined ? { theta: p.theta === DEFAULT_PARAMS.theta ? undefined : p.theta } : {}),
      ...(p.includePending !== undefined ? { pending: p.includePending || undefined } : {}),
    });
  return [params, update];
}

/** The query string of the current settings, to carry them across the chain pages. */
export function paramsQuery(p: AnalysisParams): string {
  const sp = new URLSearchParams();
  if (p.mode === 'static') sp.set('mode', 'static');
  if (p.horizon !== DEFAULT_PARAMS.horizon) sp.set('horizon', String(p.horizon));
  if (p.theta !== DEFAULT_PARAMS.theta) sp.set('theta', String(p.theta));
  if (p.includePending) sp.set('pending', 'true');
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function AnalysisControls({ params, onChange, onRefresh, refreshing }: { params: AnalysisParams; onChange: (p: Partial<AnalysisParams>) => void; onRefresh?: () => void; refreshing?: boolean }) {
  const { t } = useTranslation();
  const fixed = params.mode === 'static';
  return (
    <Card size="small" className="chain-controls" data-testid="chain-controls">
      <Space wrap size={[24, 12]} align="center">
        <Space size={8}>
          <span className="chain-control-label" id="chain-mode-label">{t('chain.controls.mode')}</span>
          <Segmented
            aria-labelledby="chain-mode-label"
            value={params.mode}
            onChange={(v) => onChange({ mode: v as AnalysisParams['mode'] })}
            options={[
              { value: 'dynamic', label: t('chain.controls.dynamic') },
              { value: 'static', label: t('chain.controls.static') },
            ]}
          />
        </Space>
        <Space size={8}>
          <label className="chain-control-label" htmlFor="chain-horizon">{t('chain.controls.horizon')}</label>
          <InputNumber
            id="chain-horizon"
            min={1}
            max={120}
            precision={0}
            disabled={fixed}
            value={params.horizon}
            suffix={t('chain.controls.days')}
            style={{ width: 108 }}
            onChange={(v) => typeof v === 'number' && v >= 1 && v <= 120 && onChange({ horizon: v })}
          />
        </Space>
        <Space size={8} className="chain-theta">
          <span className="chain-control-label" id="chain-theta-label">
            {t('chain.controls.theta')}{' '}
            <Tooltip title={t('chain.controls.thetaHelp')}>
              <QuestionCircleOutlined aria-label={t('chain.controls.thetaHelp')} className="muted" />
            </Tooltip>
          </span>
          <Slider
            ariaLabelForHandle={t('chain.controls.theta')}
            min={0.1}
            max={1}
            step={0.05}
            value={params.theta}
            style={{ width: 140 }}
            tooltip={{ formatter: (v) => `${Math.round((v ?? 0) * 100)}%` }}
            onChangeComplete={(v) => onChange({ theta: Math.round(v * 100) / 100 })}
          />
          <Typography.Text className="mono">{Math.round(params.theta * 100)}%</Typography.Text>
        </Space>
        <Space size={8}>
          <Switch id="chain-pending" size="small" checked={params.includePending} onChange={(v) => onChange({ includePending: v })} />
          <label htmlFor="chain-pending" className="chain-control-label">{t('chain.controls.includePending')}</label>
        </Space>
        {onRefresh ? (
          <Button icon={<ReloadOutlined />} onClick={onRefresh} loading={refreshing}>{t('chain.controls.rerun')}</Button>
        ) : null}
      </Space>
    </Card>
  );
}

export function AnalysisProgress({ progress }: { progress: Job['progress'] | null }) {
  const { t } = useTranslation();
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const labelId = useId();
  return (
    <div className="chain-progress" role="status" aria-live="polite" data-testid="chain-progress">
      <Typography.Text id={labelId}>{progress ? t(`chain.progress.${progress.phase}`, { defaultValue: t('chain.progress.running') }) : t('chain.progress.running')}</Typography.Text>
      <Progress percent={pct} status="active" showInfo={!!progress} aria-labelledby={labelId} />
    </div>
  );
}
