/** Reference lists shared with the server (pure modules), with labels in the UI language. */
import { CITIES, DISTRICTS, districtByCode } from '@server/domain/districts';
import { INDUSTRY_SECTIONS, MANUFACTURING_DIVISIONS, type IndustrySection } from '@server/domain/industries';
import { divisionsOf, OWNERSHIP_NAMES, OWNERSHIP_TYPES, type OwnershipType } from '@server/domain/ownership';
import type { Locale } from './i18n';

export { ROLES, WORKING_GROUPS } from '@server/core/auth/roles';

// The server's lists, copied (domain.test.ts keeps them equal): importing them from the zod schema
// modules would bring zod and every schema into the daily report a phone downloads.
export { BLOCKER_CATEGORIES, STAGES, type Stage } from './stages';

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

/** Two-digit GB/T 4754 divisions 01–97 grouped by section; manufacturing ones named (in Chinese, as the standard is). */
export function divisionOptions(locale: Locale) {
  return INDUSTRY_SECTIONS.map((s) => {
    const codes = Array.from({ length: s.divisions[1] - s.divisions[0] + 1 }, (_, i) => String(s.divisions[0] + i).padStart(2, '0'));
    return { label: `${s.code} · ${s[lang(locale)]}`, title: s[lang(locale)], options: codes.map((c) => ({ value: c, label: MANUFACTURING_DIVISIONS[c] ? `${c} ${MANUFACTURING_DIVISIONS[c]}` : `${c} · ${s[lang(locale)]}` })) };
  });
}

/** Two-digit divisions (大类) of a section, or of every section when none is chosen. */
export function sectionDivisionOptions(section: string | undefined) {
  const sections = section ? INDUSTRY_SECTIONS.filter((s) => s.code === section) : INDUSTRY_SECTIONS;
  return sections.flatMap((s) => divisionsOf(s.code as IndustrySection).map((d) => ({ value: d, label: `${s.code}${d}` })));
}

export function ownershipName(code: string | null, locale: Locale): string {
  return code && code in OWNERSHIP_NAMES ? OWNERSHIP_NAMES[code as OwnershipType][lang(locale)] : '—';
}

export function ownershipOptions(locale: Locale) {
  return OWNERSHIP_TYPES.map((o) => ({ value: o, label: OWNERSHIP_NAMES[o][lang(locale)] }));
}
