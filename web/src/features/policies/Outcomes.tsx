/** Why a member qualifies for a policy, or what it still lacks, rule by rule (stable codes translated). */
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Outcome, Rule } from './api';

export function outcomeText(t: TFunction, o: Outcome): string {
  const params: Record<string, unknown> = { ...o.params };
  if (typeof o.params.op === 'string') params.op = t(`policies.rules.ops.${o.params.op}`);
  return t(`policies.outcomes.${o.code}`, params);
}

export function OutcomeList({ outcomes, onlyMissing = false }: { outcomes: Outcome[]; onlyMissing?: boolean }) {
  const { t } = useTranslation();
  const shown = onlyMissing ? outcomes.filter((o) => !o.ok) : outcomes;
  return (
    <ul className="policy-outcomes">
      {shown.map((o) => (
        <li key={o.index}>
          {o.ok ? <CheckCircleTwoTone twoToneColor="#16a34a" aria-hidden /> : <CloseCircleTwoTone twoToneColor="#dc2626" aria-hidden />} {outcomeText(t, o)}
        </li>
      ))}
    </ul>
  );
}

/** One rule in words (the detail page's list of conditions). */
export function ruleText(t: TFunction, r: Rule): string {
  const sep = t('policies.separator');
  switch (r.kind) {
    case 'industry_section':
      return t('policies.rules.summary.industry_section', { list: r.sections.join(sep) });
    case 'industry_division':
      return t('policies.rules.summary.industry_division', { list: r.divisions.join(sep) });
    case 'district':
      return t('policies.rules.summary.district', { list: r.districts.join(sep) });
    case 'headcount':
      return t('policies.rules.summary.headcount', { min: r.min ?? 0, max: r.max ?? '∞' });
    case 'size_band':
      return t('policies.rules.summary.size_band', { list: r.bands.map((b) => t(`policies.rules.sizeBands.${b}`)).join(sep) });
    case 'above_designated_size':
      return t('policies.rules.summary.above_designated_size', { value: t(r.value ? 'policies.rules.aboveSize' : 'policies.rules.belowSize') });
    case 'ownership':
      return t('policies.rules.summary.ownership', { list: r.types.join(sep) });
    case 'resumption_stage':
      return t('policies.rules.summary.resumption_stage', { list: r.stages.map((s) => t(`policies.rules.stages.${s}`)).join(sep) });
    case 'membership':
      return t('policies.rules.summary.membership', { days: r.minDays });
    case 'custom':
      return t('policies.rules.customText', { label: r.label, field: t(`policies.rules.customFields.${r.field}`), op: t(`policies.rules.ops.${r.op}`), value: r.value });
  }
}
