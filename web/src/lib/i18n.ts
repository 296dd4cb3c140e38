/**
 * i18next setup. Simplified Chinese is the default; the choice is kept in localStorage and drives
 * our strings, Ant Design's locale, dayjs and the `Accept-Language` header of every API call.
 *
 * Only the active language is downloaded, and of it only the namespaces a page shows: Ant Design's
 * and dayjs' locale and the BASE namespaces load before the first render, every lazy route brings
 * its own (`page(load, namespaces)`, see locales/index.ts), and switching languages fetches the
 * namespaces already in use in the new one. Outside a browser (unit tests) everything is loaded.
 */
import dayjs from 'dayjs';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { NAMESPACES, loadNamespace, namespaceOf, type Namespace } from '../locales';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en-US', label: 'English' },
];
const STORAGE_KEY = 'fugong.locale';

interface LanguagePack {
  antd: AntdLocale;
}

/** What every screen uses (the app name, buttons, error messages): loaded before the first render. */
export const BASE_NAMESPACES: readonly Namespace[] = ['common', 'errors'];
/** Namespaces some screen asked for; a language switch loads them in the new language. */
const wanted = new Set<Namespace>(BASE_NAMESPACES);
const loaded = new Map<Locale, Map<Namespace, Promise<void>>>();

function loadStrings(locale: Locale, names: Iterable<Namespace>): Promise<unknown> {
  let have = loaded.get(locale);
  if (!have) loaded.set(locale, (have = new Map()));
  const pending: Promise<void>[] = [];
  for (const name of names) {
    let p = have.get(name);
    if (!p) {
      p = loadNamespace(name, locale).then((messages) => void i18n.addResourceBundle(locale, 'translation', messages, true, true));
      // A failed download (network) is retried the next time the namespace is asked for.
      p.catch(() => have.delete(name));
      have.set(name, p);
    }
    pending.push(p);
  }
  return Promise.all(pending);
}

/** Loads `names` in the active language (and remembers them for a language switch). */
export function loadNamespaces(names: readonly Namespace[]): Promise<unknown> {
  for (const n of names) wanted.add(n);
  return loadStrings(currentLocale(), names);
}

/**
 * A lazily loaded route that arrives with its strings: `page(() => import('../pages/X'), ['x'])`.
 * The namespaces download in parallel with the page's code.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as React's own lazy()
export function page<T extends ComponentType<any>>(load: () => Promise<{ default: T }>, namespaces: readonly Namespace[]): LazyExoticComponent<T> {
  return lazy(withStrings(load, namespaces));
}

/**
 * A lazily loaded module that arrives with its strings, for pieces of a screen loaded when used
 * (the shell's notification texts, the password dialog): `withStrings(() => import('./x'), ['x'])`
 * returns the loader. Like `page`, the namespaces download in parallel with the code.
 */
export function withStrings<M>(load: () => Promise<M>, namespaces: readonly Namespace[]): () => Promise<M> {
  return () => Promise.all([load(), loadNamespaces(namespaces)]).then(([m]) => m);
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

/** Ant Design's and dayjs' locale and every namespace in use, in `locale`. */
async function loadLanguage(locale: Locale): Promise<void> {
  const [pack] = await Promise.all([PACKS[locale](), loadStrings(locale, wanted)]);
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
  // A key of a namespace no route asked for fetches that namespace; the strings re-render on arrival.
  saveMissing: true,
  missingKeyHandler: (_lngs, _ns, key) => {
    const name = namespaceOf(key);
    if (name && !loaded.get(currentLocale())?.has(name)) void loadNamespaces([name]);
  },
  react: { bindI18nStore: 'added' },
});
if (typeof window === 'undefined') for (const name of Object.keys(NAMESPACES) as Namespace[]) wanted.add(name);
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
