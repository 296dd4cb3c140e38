/**
 * Names of ticket and meeting values for texts the server writes itself — group-chat robot
 * messages and exported minutes. The web app translates codes with its own catalogs.
 */
import type { WorkingGroup } from '../../core/auth/roles';

type Labels<K extends string> = Record<K, { zh: string; en: string }>;

export const CATEGORY_LABELS: Labels<string> = {
  raw_material: { zh: '原材料', en: 'Raw material' },
  logistics: { zh: '物流运输', en: 'Logistics' },
  labour: { zh: '用工', en: 'Labour' },
  equipment: { zh: '设备', en: 'Equipment' },
  funds: { zh: '资金', en: 'Funds' },
  orders: { zh: '订单', en: 'Orders' },
  prevention_supplies: { zh: '防疫物资', en: 'Prevention supplies' },
  policy: { zh: '政策', en: 'Policy' },
  prevention: { zh: '防控自查', en: 'Prevention self-inspection' },
  other: { zh: '其他', en: 'Other' },
};

export const STATUS_LABELS: Labels<string> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_progress: { zh: '处理中', en: 'In progress' },
  resolved: { zh: '已解决', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
};

export const PRIORITY_LABELS: Labels<string> = {
  urgent: { zh: '紧急', en: 'Urgent' },
  high: { zh: '高', en: 'High' },
  normal: { zh: '普通', en: 'Normal' },
  low: { zh: '低', en: 'Low' },
};

export const GROUP_LABELS: Labels<WorkingGroup> = {
  policy: { zh: '政策兑现组', en: 'Policy fulfilment' },
  tech: { zh: '技术服务组', en: 'Technical service' },
  market: { zh: '市场销售组', en: 'Market & sales' },
  prevention: { zh: '疫情防控组', en: 'Epidemic prevention' },
};

/** The label of `code` in a language, or the code itself when unknown. */
export function label(labels: Labels<string>, code: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!code) return '';
  return labels[code]?.[lang] ?? code;
}

/** An instant as Shanghai wall-clock time, `YYYY-MM-DD HH:mm`. */
export function shanghaiDateTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
