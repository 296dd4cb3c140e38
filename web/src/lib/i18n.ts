/**
 * i18next setup. Simplified Chinese is the default; the choice is kept in localStorage and drives
 * our strings, Ant Design's locale, dayjs and the `Accept-Language` header of every API call.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from '../locales/en-US';
import zhCN from '../locales/zh-CN';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en-US', label: 'English' },
];
const STORAGE_KEY = 'fugong.locale';

function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLocale(locale: Locale) {
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.title = i18n.t('common.documentTitle');
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLocale(storedLocale());

export function currentLocale(): Locale {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this tab */
  }
  await i18n.changeLanguage(locale);
  applyLocale(locale);
}

export { i18n };
