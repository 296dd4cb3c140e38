/** Reference lists shared with the server (pure modules), with labels in the UI language. */
import { CITIES, DISTRICTS, districtByCode } from '@server/domain/districts';
import { INDUSTRY_SECTIONS } from '@server/domain/industries';
import type { Locale } from './i18n';

export { ROLES, WORKING_GROUPS } from '@server/core/auth/roles';

// The server's lists, copied (domain.test.ts keeps them equal): importing them from the zod schema
// modules would bring zod and every schema into the daily report a phone downloads.
export const BLOCKER_CATEGORIES = ['raw_material', 'logistics', 'labour', 'equipment', 'funds', 'orders', 'prevention_supplies', 'policy'] as const;
export const STAGES = ['stopped', 'partial', 'full'] as const;
export type Stage = (typeof STAGES)[number];

const lang = (locale: Locale) => (locale === 'en-US' ? 'en' : 'zh');

export function districtName(code: string, locale: Locale): string {
  const d = districtByCode(code);
  return d ? d[lang(locale)] : code;
}

export function industryName(code: string, locale: Locale): string {
  const s = INDUSTRY_SECTIONS.find((x) => x.code === code);
  return s ? `${s.code} · ${s[lang(locale)]}` : code;
}

/** District options grouped by city, for antd Select. */
export function districtOptions(locale: Locale) {
  return (Object.keys(CITIES) as (keyof typeof CITIES)[]).map((city) => ({
    label: CITIES[city][lang(locale)],
    title: CITIES[city][lang(locale)],
    options: DISTRICTS.filter((d) => d.city === city).map((d) => ({ value: d.code, label: d[lang(locale)] })),
  }));
}

export function industryOptions(locale: Locale) {
  return INDUSTRY_SECTIONS.map((s) => ({ value: s.code, label: `${s.code} · ${s[lang(locale)]}` }));
}
