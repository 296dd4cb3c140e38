/**
 * Names in the generated files (.xlsx, PDF, robot message), in the requester's language (the
 * scheduled ones in Chinese: the offices read Chinese). The web app names the same keys itself.
 */
import { CATEGORY_LABELS, label } from '../tickets/ticket-labels';
import type { FigureFormat } from './briefings.sections';

type L = { zh: string; en: string };
export type Lang = 'zh' | 'en';

export const TITLES: Record<string, L> = {
  daily: { zh: '日报', en: 'daily briefing' },
  weekly: { zh: '周报', en: 'weekly briefing' },
  city: { zh: '全市', en: 'City' },
  section: { zh: '板块', en: 'Section' },
  figure: { zh: '指标', en: 'Figure' },
  value: { zh: '数值', en: 'Value' },
  unit: { zh: '单位', en: 'Unit' },
  period: { zh: '统计期', en: 'Period' },
  generatedAt: { zh: '生成时间', en: 'Generated' },
  sheet: { zh: '简报', en: 'Briefing' },
  noData: { zh: '暂无', en: 'none' },
};

export const SECTION_LABELS: Record<string, L> = {
  resumption: { zh: '复工复产', en: 'Resumption' },
  chain: { zh: '产业链断链预警', en: 'Chain-break forecast' },
  problems: { zh: '问题办理', en: 'Problems' },
  experts: { zh: '专家服务', en: 'Experts' },
  workforce: { zh: '共享员工', en: 'Shared workers' },
  purchasing: { zh: '红色团购', en: 'Group purchases' },
  policy: { zh: '政策兑现', en: 'Policy money disbursed' },
};

export const FIGURE_LABELS: Record<string, L> = {
  members: { zh: '成员企业', en: 'Members' },
  reported: { zh: '已填报', en: 'Reported' },
  resumed: { zh: '已复工', en: 'Resumed' },
  resumptionRate: { zh: '复工率', en: 'Resumption rate' },
  reportingRate: { zh: '填报率', en: 'Reporting rate' },
  outputPct: { zh: '平均产量', en: 'Mean output' },
  capacityPct: { zh: '平均产能', en: 'Mean capacity' },
  chainBreaks: { zh: '预计断链企业', en: 'Firms forecast to break' },
  horizonDays: { zh: '预测天数', en: 'Forecast horizon (days)' },
  alliancesWithForecast: { zh: '有预测的联盟', en: 'Alliances with a forecast' },
  open: { zh: '未办结问题', en: 'Open problems' },
  overdue: { zh: '超期问题', en: 'Overdue problems' },
  filed: { zh: '本期新增问题', en: 'Filed in the period' },
  resolved: { zh: '其中已办结', en: 'Of them resolved' },
  consultationsOpen: { zh: '进行中会诊', en: 'Consultations under way' },
  consultationsClosed: { zh: '已完成会诊', en: 'Consultations closed' },
  visits: { zh: '本期上门服务', en: 'Visits in the period' },
  workersLent: { zh: '今日在岗共享员工', en: 'Workers lent today' },
  placements: { zh: '累计调剂', en: 'Placements' },
  openDemand: { zh: '待满足用工缺口', en: 'Open demand' },
  firmsHelped: { zh: '受助企业', en: 'Firms helped' },
  campaigns: { zh: '团购活动', en: 'Campaigns' },
  openCampaigns: { zh: '进行中团购', en: 'Open campaigns' },
  firms: { zh: '参与企业', en: 'Firms taking part' },
  orderedFen: { zh: '订购金额', en: 'Ordered' },
  applications: { zh: '兑现申请', en: 'Applications' },
  approvedFen: { zh: '已核准金额', en: 'Approved' },
  disbursedFen: { zh: '已兑现金额', en: 'Disbursed' },
};

const UNITS: Record<FigureFormat, L> = { count: { zh: '', en: '' }, rate: { zh: '%', en: '%' }, pct: { zh: '%', en: '%' }, fen: { zh: '元', en: 'CNY' } };

export const nameOf = (labels: Record<string, L>, key: string, lang: Lang) => labels[key]?.[lang] ?? key;

/** A chart category: dates stay; problem categories get their names. */
export const categoryName = (key: string, lang: Lang) => (/^\d{4}-\d{2}-\d{2}$/.test(key) ? key.slice(5) : label(CATEGORY_LABELS, key, lang) || key);

/** The number a spreadsheet cell holds: rates and percentages in %, money in yuan. */
export function cellValue(value: number | null, format: FigureFormat): number | string {
  if (value === null) return '';
  if (format === 'rate') return Math.round(value * 1000) / 10;
  if (format === 'pct') return Math.round(value * 10) / 10;
  if (format === 'fen') return value / 100;
  return value;
}

export const unitOf = (format: FigureFormat, lang: Lang) => UNITS[format][lang];

/** The value as printed: `62.5%`, `1,234.50 元`, `12`, `—`. */
export function printed(value: number | null, format: FigureFormat, lang: Lang): string {
  if (value === null) return '—';
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  if (format === 'rate' || format === 'pct') return `${cellValue(value, format).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  if (format === 'fen') return `${(value / 100).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${UNITS.fen[lang]}`;
  return value.toLocaleString(locale);
}
