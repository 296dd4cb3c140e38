/** A 5 × 5 grid of likelihood × impact with the count of risks in each cell (a CSS grid screen readers read as a table). */
import { useTranslation } from 'react-i18next';
import type { Heatmap } from './api';

/** Colour of a cell by its score (likelihood × impact): high ≥ 15, medium 8–14, low below 8. */
export function scoreLevel(score: number): 'high' | 'medium' | 'low' {
  return score >= 15 ? 'high' : score >= 8 ? 'medium' : 'low';
}

export function RiskHeatmap({ data, onPick, picked }: { data: Heatmap; onPick?: (likelihood: number, impact: number) => void; picked?: [number, number] }) {
  const { t } = useTranslation();
  const rows = [5, 4, 3, 2, 1];
  const cols = [1, 2, 3, 4, 5];
  return (
    <div className="heatmap">
      <div className="heatmap-y" aria-hidden>{t('risks.fields.likelihood')}</div>
      <div className="heatmap-grid">
        <div role="table" aria-label={t('risks.heatmap.title')}>
        {rows.map((l) => (
          <div key={l} className="heatmap-row" role="row">
            <div className="heatmap-axis" role="rowheader">{l}</div>
            {cols.map((i) => {
              const n = data.counts[l - 1]?.[i - 1] ?? 0;
              const active = !!picked && picked[0] === l && picked[1] === i;
              const label = t('risks.heatmap.cell', { likelihood: l, impact: i, count: n });
              return (
                <div key={i} role="cell" className="heatmap-cell-wrap">
                  <button
                    type="button"
                    className={`heatmap-cell level-${scoreLevel(l * i)}${n ? ' has' : ''}${active ? ' active' : ''}`}
                    aria-label={label}
                    aria-pressed={active}
                    title={label}
                    disabled={!onPick || !n}
                    onClick={() => onPick?.(l, i)}
                  >
                    {n || ''}
                  </button>
                </div>
              );
            })}
          </div>
        ))}
        <div className="heatmap-row heatmap-x" role="row">
          <div className="heatmap-axis" role="columnheader"><span className="sr-only">{t('risks.fields.likelihood')}</span></div>
          {cols.map((i) => (
            <div key={i} className="heatmap-axis" role="columnheader">{i}</div>
          ))}
        </div>
        </div>
        <div className="heatmap-x-label" aria-hidden>{t('risks.fields.impact')}</div>
      </div>
    </div>
  );
}
