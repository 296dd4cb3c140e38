/**
 * A briefing as files: the .xlsx (one sheet: section, figure, value, unit, then the charts'
 * data) and the printable HTML page the PDF is printed from, its charts drawn here on the server
 * by ECharts' SVG renderer (server-side rendering: no DOM, no browser needed for the drawing).
 */
import * as echarts from 'echarts';
import { writeSheet } from '../../core/spreadsheet';
import { TITLES, FIGURE_LABELS, SECTION_LABELS, categoryName, cellValue, nameOf, printed, unitOf, type Lang } from './briefings.labels';
import type { BriefingChart } from './briefings.sections';
import type { Briefing } from './briefings.schema';

const langOf = (locale: 'zh-CN' | 'en-US'): Lang => (locale === 'en-US' ? 'en' : 'zh');

/** "某联盟 复工日报 2026-11-25" / "… weekly briefing 2026-11-19 – 2026-11-25". */
export function titleOf(b: Briefing, lang: Lang): string {
  const who = b.scope === 'city' ? TITLES.city![lang] : b.alliance!.name;
  const span = b.from === b.to ? b.to : `${b.from} – ${b.to}`;
  return lang === 'zh' ? `${who} 复工${TITLES[b.period]!.zh} ${span}` : `${who} ${TITLES[b.period]!.en} ${span}`;
}

export function fileNameOf(b: Briefing, ext: 'xlsx' | 'pdf'): string {
  return `briefing-${b.scope === 'city' ? 'city' : `alliance-${b.alliance!.id}`}-${b.period}-${b.to}.${ext}`;
}

export async function briefingXlsx(b: Briefing, locale: 'zh-CN' | 'en-US'): Promise<Buffer> {
  const lang = langOf(locale);
  const rows: unknown[][] = [[titleOf(b, lang), '', '', '']];
  for (const s of b.sections) {
    const section = nameOf(SECTION_LABELS, s.key, lang);
    for (const f of s.figures) rows.push([section, nameOf(FIGURE_LABELS, f.key, lang), cellValue(f.value, f.format), unitOf(f.format, lang)]);
    if (s.chart)
      for (const series of s.chart.series)
        s.chart.categories.forEach((c, i) => rows.push([section, `${nameOf(FIGURE_LABELS, series.key, lang)} · ${categoryName(c, lang)}`, cellValue(series.data[i] ?? 0, s.chart!.format), unitOf(s.chart!.format, lang)]));
  }
  return writeSheet(TITLES.sheet!, [
    { ...TITLES.section!, width: 18 },
    { ...TITLES.figure!, width: 30 },
    { ...TITLES.value!, width: 14 },
    { ...TITLES.unit!, width: 8 },
  ], rows, locale);
}

const PALETTE = ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96'];

/** One chart as an SVG string (ECharts server-side rendering; no animation, fixed size). */
export function chartSvg(chart: BriefingChart, lang: Lang, size = { width: 640, height: 260 }): string {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  const scale = (v: number) => (chart.format === 'rate' ? Math.round(v * 1000) / 10 : v);
  c.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'Noto Sans CJK SC, sans-serif' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'category', data: chart.categories.map((x) => categoryName(x, lang)), axisLabel: { interval: 0, fontSize: 10 } },
    yAxis: { type: 'value', ...(chart.format === 'rate' ? { max: 100, axisLabel: { formatter: '{value}%' } } : { minInterval: 1 }) },
    series: chart.series.map((s) => ({ type: chart.kind, name: nameOf(FIGURE_LABELS, s.key, lang), data: s.data.map(scale), label: { show: chart.kind === 'bar', position: 'top' } })),
  });
  const svg = c.renderToSVGString();
  c.dispose();
  return svg;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The printable page (A4): title, then each section's figures and chart. */
export function briefingHtml(b: Briefing, locale: 'zh-CN' | 'en-US'): string {
  const lang = langOf(locale);
  const title = titleOf(b, lang);
  const sections = b.sections
    .map((s) => {
      const rows = s.figures.map((f) => `<tr><th scope="row">${esc(nameOf(FIGURE_LABELS, f.key, lang))}</th><td>${esc(printed(f.value, f.format, lang))}</td></tr>`).join('');
      const chart = s.chart && s.chart.categories.length ? `<figure>${chartSvg(s.chart, lang)}</figure>` : '';
      return `<section><h2>${esc(nameOf(SECTION_LABELS, s.key, lang))}</h2><table>${rows}</table>${chart}</section>`;
    })
    .join('');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; color: #1f1f1f; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; border-left: 4px solid #1677ff; padding-left: 6pt; margin: 14pt 0 6pt; }
p.meta { color: #595959; margin: 0 0 8pt; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #d9d9d9; padding: 3pt 6pt; text-align: left; } td { text-align: right; width: 30%; }
th { font-weight: normal; background: #fafafa; } section { break-inside: avoid; } figure { margin: 6pt 0 0; }
</style></head><body><h1>${esc(title)}</h1><p class="meta">${esc(TITLES.period![lang])}: ${esc(b.from)} – ${esc(b.to)} · ${esc(TITLES.generatedAt![lang])}: ${esc(b.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>${sections}</body></html>`;
}
