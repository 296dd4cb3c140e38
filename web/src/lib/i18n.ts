/**
 * i18next setup. Simplified Chinese is the default; the choice is kept in localStorage and drives
 * our strings, Ant Design's locale, dayjs and the `Accept-Language` header of every API call.
 *
 * Only the active language is downloaded: each language's strings (and Ant Design's and dayjs'
 * locale) are a chunk of their own, loaded before the first render and when the person switches.
 * Outside a browser (unit tests) both languages are loaded.
 */
import dayjs from 'dayjs';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale as AntdLocale } from 'antd/es/locale';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en-US', label: 'English' },
];
const STORAGE_KEY = 'fugong.locale';

interface LanguagePack {
  messages: object;
  antd: AntdLocale;
}

const PACKS: Record<Locale, () => Promise<LanguagePack>> = {
  'zh-CN': () => import('./i18n-zh-CN').then((m) => m.pack),
  'en-US': () => import('./i18n-en-US').then((m) => m.pack),
};
const antdLocales = new Map<Locale, AntdLocale>();

function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

async function loadLanguage(locale: Locale): Promise<void> {
  if (antdLocales.has(locale)) return;
  const pack = await PACKS[locale]();
  i18n.addResourceBundle(locale, 'translation', pack.messages, true, true);
  antdLocales.set(locale, pack.antd);
}

function applyLocale(locale: Locale) {
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.title = i18n.t('common.documentTitle');
  }
}

const initial = storedLocale();
await i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
await Promise.all((typeof window === 'undefined' ? LOCALES.map((l) => l.value) : [initial]).map(loadLanguage));
applyLocale(initial);

export function currentLocale(): Locale {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** Ant Design's strings for the active language (loaded with it). */
export function antdLocale(): AntdLocale | undefined {
  return antdLocales.get(currentLocale());
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this tab */
  }
  await loadLanguage(locale);
  await i18n.changeLanguage(locale);
  applyLocale(locale);
}

export { i18n };
