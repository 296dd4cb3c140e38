/**
 * Ownership types (登记注册类型, simplified to the groups the city's statistics report by) and the
 * two-digit GB/T 4754 divisions (大类) of a section. Pure: shared by server and browser.
 */
import { INDUSTRY_SECTIONS, type IndustrySection } from './industries';

export const OWNERSHIP_TYPES = ['state', 'collective', 'private', 'mixed', 'foreign', 'hmt', 'other'] as const;
export type OwnershipType = (typeof OWNERSHIP_TYPES)[number];

export const OWNERSHIP_NAMES: Readonly<Record<OwnershipType, { zh: string; en: string }>> = Object.freeze({
  state: { zh: '国有', en: 'State-owned' },
  collective: { zh: '集体', en: 'Collective' },
  private: { zh: '私营', en: 'Private' },
  mixed: { zh: '股份制/混合所有制', en: 'Joint-stock / mixed' },
  foreign: { zh: '外商投资', en: 'Foreign-invested' },
  hmt: { zh: '港澳台投资', en: 'Hong Kong, Macao and Taiwan invested' },
  other: { zh: '其他', en: 'Other' },
});

export function isOwnershipType(v: unknown): v is OwnershipType {
  return typeof v === 'string' && (OWNERSHIP_TYPES as readonly string[]).includes(v);
}

/** Accepts a type's key or its Chinese / English name (imports). */
export function resolveOwnership(v: string): string {
  const t = v.trim();
  const hit = OWNERSHIP_TYPES.find((k) => k === t.toLowerCase() || OWNERSHIP_NAMES[k].zh === t || OWNERSHIP_NAMES[k].en.toLowerCase() === t.toLowerCase());
  return hit ?? t;
}

/** The two-digit divisions ("13".."43") of a section, in order. */
export function divisionsOf(section: IndustrySection): string[] {
  const s = INDUSTRY_SECTIONS.find((x) => x.code === section);
  if (!s) return [];
  const out: string[] = [];
  for (let d = s.divisions[0]; d <= s.divisions[1]; d++) out.push(String(d).padStart(2, '0'));
  return out;
}

/** Every assigned division "01".."97". */
export const ALL_DIVISIONS: readonly string[] = Object.freeze(INDUSTRY_SECTIONS.flatMap((s) => divisionsOf(s.code)));

/** A two-digit division lying in the given section. */
export function divisionInSection(division: string, section: string): boolean {
  return /^\d{2}$/.test(division) && divisionsOf(section as IndustrySection).includes(division);
}
