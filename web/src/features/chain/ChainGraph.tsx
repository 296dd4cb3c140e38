/**
 * The supply-chain map as an ECharts graph with a fixed tiered layout: raw materials on the
 * left, finished goods on the right. Node colour = forecast status (red nodes carry their break
 * day), node size = weight, edge width = share, dashed edges = links awaiting confirmation.
 * Clicking a firm selects it: its neighbours and its cause path stay lit, the rest fades.
 */
import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsOption } from '../../lib/charts';
import { formatInt } from '../../lib/format';
import { FONT_FAMILY } from '../../lib/theme';
import type { Analysis, AnalysisFirm } from './api';
import { COLUMN_GAP, ROW_GAP, STATUS_COLORS, firmStatus, layoutTiers, nodeSize, type FirmStatus } from './model';

echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (v: number) => `${Math.round(v * 100)}%`;

interface Props {
  analysis: Analysis;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  visibleStatuses: ReadonlySet<FirmStatus>;
  /** Bumped to reset zoom and pan. */
  viewKey?: number;
}

export function ChainGraph({ analysis, selectedId, onSelect, visibleStatuses, viewKey = 0 }: Props) {
  const { t } = useTranslation();
  const layout = useMemo(() => layoutTiers(analysis), [analysis]);
  const byId = useMemo(() => new Map(analysis.firms.map((f) => [f.id, f])), [analysis]);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  // Stable handlers: echarts-for-react re-creates the chart whenever `onEvents` changes.
  const onEvents = useMemo(
    () => ({
      click: (p: { dataType?: string; data?: { id?: string } }) => {
        if (p.dataType !== 'node') return;
        const id = Number(p.data?.id);
        if (Number.isInteger(id)) onSelectRef.current(id);
      },
    }),
    [],
  );

  const option = useMemo<EChartsOption>(() => {
    const maxWeight = Math.max(0, ...analysis.firms.map((f) => f.weight));
    const lit = new Set<number>();
    const causeEdges = new Set<string>();
    if (selectedId !== null) {
      lit.add(selectedId);
      for (const l of analysis.links) {
        if (l.supplierId === selectedId) lit.add(l.customerId);
        if (l.customerId === selectedId) lit.add(l.supplierId);
      }
      const path = byId.get(selectedId)?.cause?.path ?? [];
      path.forEach((p, i) => {
        lit.add(p.id);
        if (path[i + 1]) causeEdges.add(`${path[i + 1].id}>${p.id}`);
      });
    }
    const faded = (f: AnalysisFirm) => !visibleStatuses.has(firmStatus(f)) || (selectedId !== null && !lit.has(f.id));

    const tierCounts = new Map<number, number>();
    for (const f of analysis.firms) tierCounts.set(f.tier, (tierCounts.get(f.tier) ?? 0) + 1);
    const lastTier = layout.tiers.length - 1;
    const tierName = (col: number) =>
      col === 0 ? t('chain.map.tierFirst') : col === lastTier ? t('chain.map.tierLast') : t('chain.map.tierMiddle', { n: col });
    const headers = layout.tiers.map((tier, col) => ({
      id: `tier-${tier}`,
      name: tierName(col),
      x: col * COLUMN_GAP,
      y: -ROW_GAP * 1.3,
      symbolSize: 0,
      tooltip: { show: false },
      emphasis: { disabled: true },
      label: { show: true, position: 'inside' as const, formatter: `{h|${tierName(col)}}\n{c|${t('chain.map.firmCount', { n: tierCounts.get(tier) ?? 0 })}}`, rich: { h: { fontSize: 13, fontWeight: 600, color: '#0f172a', lineHeight: 18 }, c: { fontSize: 11, color: '#64748b', lineHeight: 16 } } },
    }));

    const nodes = analysis.firms.map((f) => {
      const p = layout.placed.get(f.id)!;
      const status = firmStatus(f);
      const selected = f.id === selectedId;
      const showDay = status === 'breaks' && !faded(f);
      return {
        id: String(f.id),
        name: f.name,
        x: p.x,
        y: p.y,
        symbolSize: nodeSize(f.weight, maxWeight),
        itemStyle: {
          color: STATUS_COLORS[status],
          opacity: faded(f) ? 0.16 : 1,
          borderColor: selected ? '#0f172a' : '#ffffff',
          borderWidth: selected ? 3 : 1.5,
          shadowBlur: selected ? 10 : 0,
          shadowColor: 'rgba(15,23,42,0.35)',
        },
        label: selected
          ? { show: true, position: 'bottom' as const, formatter: f.name, fontWeight: 600, color: '#0f172a', backgroundColor: 'rgba(255,255,255,0.92)', padding: [2, 4], borderRadius: 3 }
          : showDay
            ? { show: true, position: 'right' as const, formatter: t('chain.dayShort', { day: f.breakDay }), color: '#b91c1c', fontSize: 11, fontWeight: 600 }
            : { show: false },
      };
    });

    const links = analysis.links.map((l) => {
      const touches = selectedId !== null && (l.supplierId === selectedId || l.customerId === selectedId);
      const onCause = causeEdges.has(`${l.supplierId}>${l.customerId}`);
      const dim = selectedId !== null ? !(touches || onCause) : faded(byId.get(l.supplierId)!) || faded(byId.get(l.customerId)!);
      return {
        source: String(l.supplierId),
        target: String(l.customerId),
        value: l.sharePct,
        lineStyle: {
          width: 0.6 + (l.sharePct / 100) * 4.4,
          color: onCause ? '#dc2626' : touches ? '#1d4ed8' : l.essential ? '#94a3b8' : '#cbd5e1',
          opacity: dim ? 0.06 : onCause || touches ? 0.9 : 0.42,
          type: l.status === 'pending' ? ('dashed' as const) : ('solid' as const),
          curveness: 0.08,
        },
        tooltip: {
          formatter: () => {
            const s = byId.get(l.supplierId);
            const c = byId.get(l.customerId);
            return [
              `<b>${esc(s?.name ?? '')}</b> → <b>${esc(c?.name ?? '')}</b>`,
              t('common.labelValue', { label: t('chain.fields.item'), value: esc(l.item) }),
              t('common.labelValue', { label: t('chain.fields.share'), value: `${l.sharePct}%` }),
              t('common.labelValue', { label: t('chain.fields.lead'), value: t('chain.daysValue', { n: l.leadDays }) }),
              l.essential ? t('chain.fields.essential') : t('chain.fields.notEssential'),
              l.status === 'pending' ? t('chain.linkStatus.pending') : '',
            ].filter(Boolean).join('<br/>');
          },
        },
      };
    });

    return {
      textStyle: { fontFamily: FONT_FAMILY },
      animationDurationUpdate: 300,
      tooltip: {
        confine: true,
        formatter: (p: unknown) => {
          const d = p as { dataType?: string; data?: { id?: string } };
          if (d.dataType !== 'node') return '';
          const f = byId.get(Number(d.data?.id));
          if (!f) return '';
          const status = firmStatus(f);
          return [
            `<b>${esc(f.name)}</b>`,
            `<span style="color:${STATUS_COLORS[status]}">●</span> ${t(`chain.status.${status}`)}${f.breakDay !== null ? ` · ${t('chain.day', { day: f.breakDay })}` : ''}`,
            t('common.labelValue', { label: t('chain.fields.capacity'), value: pct(f.capacity) }),
            t('common.labelValue', { label: t('chain.fields.minOutput'), value: pct(Math.min(...f.x)) }),
            t('common.labelValue', { label: t('chain.fields.headcount'), value: formatInt(f.headcount) }),
            f.cause ? t('common.labelValue', { label: t('chain.fields.bindingItem'), value: esc(f.cause.item) }) : '',
          ].filter(Boolean).join('<br/>');
        },
      },
      series: [
        {
          id: 'chain',
          type: 'graph',
          layout: 'none',
          roam: true,
          scaleLimit: { min: 0.6, max: 6 },
          left: 48,
          right: 64,
          top: 24,
          bottom: 24,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: [0, 6],
          emphasis: { focus: 'adjacency', label: { show: true, formatter: '{b}', color: '#0f172a', backgroundColor: 'rgba(255,255,255,0.92)', padding: [2, 4], borderRadius: 3 }, lineStyle: { opacity: 0.9 } },
          blur: { itemStyle: { opacity: 0.15 }, lineStyle: { opacity: 0.05 } },
          data: [...headers, ...nodes],
          links,
        },
      ],
    } as EChartsOption;
  }, [analysis, layout, byId, selectedId, visibleStatuses, t]);

  const counts = useMemo(() => {
    const c = { breaks: 0, all: analysis.firms.length };
    for (const f of analysis.firms) if (f.breakDay !== null) c.breaks++;
    return c;
  }, [analysis]);

  return (
    <div role="img" aria-label={t('chain.map.chartLabel', { firms: counts.all, links: analysis.links.length, breaks: counts.breaks })} className="chain-graph-wrap" data-testid="chain-graph">
      <ReactEChartsCore key={viewKey} echarts={echarts} option={option} notMerge={false} lazyUpdate autoResize className="chain-graph" style={{ height: 'var(--chain-graph-h)' }} opts={{ renderer: 'canvas' }} onEvents={onEvents} />
    </div>
  );
}
