/**
 * The interface strings, one lazily loaded chunk per namespace and language: a page downloads only
 * the strings it shows (the login page: common, errors and auth), not the whole catalog.
 *
 * ADDING A NAMESPACE `foo` (one line here, one word on each route that shows it):
 *   1. write `zh-CN/foo.ts` and `en-US/foo.ts` (`export default { ... }`; English typed
 *      `Messages<typeof zhFoo>`) and add `foo` to both `zh-CN/index.ts` and `en-US/index.ts` (the one
 *      key set the parity test checks — those two catalogs are for tests and types only, the app
 *      never imports them);
 *   2. add the line `foo: (l) => import(`./${l}/foo.ts`),` to NAMESPACES below;
 *   3. name 'foo' where its page is routed, `page(() => import('../pages/FooPage'), ['foo'])` in
 *      web/src/app/App.tsx (and on any other route whose page shows a `foo.*` string).
 * web/src/locales/namespaces.test.ts fails when a route's page (or anything it imports) uses a
 * namespace its route does not name. A namespace nobody named is still fetched the first time one
 * of its keys is missed (see lib/i18n.ts), so an omission costs a flash of keys, not a broken page.
 */
export type Lang = 'zh-CN' | 'en-US';

/** A locale module: its default export is the namespace; named exports are sibling top-level keys. */
type LocaleModule = { default?: object } & Record<string, unknown>;

export const NAMESPACES = {
  common: (l: Lang) => import(`./${l}/common.ts`),
  errors: (l: Lang) => import(`./${l}/errors.ts`), // errors + fieldErrors
  auth: (l: Lang) => import(`./${l}/auth.ts`),
  layout: (l: Lang) => import(`./${l}/layout.ts`), // layout + nav
  overview: (l: Lang) => import(`./${l}/overview.ts`),
  enterprises: (l: Lang) => import(`./${l}/enterprises.ts`),
  memberships: (l: Lang) => import(`./${l}/memberships.ts`),
  reports: (l: Lang) => import(`./${l}/reports.ts`),
  caseload: (l: Lang) => import(`./${l}/caseload.ts`),
  chain: (l: Lang) => import(`./${l}/chain.ts`),
  users: (l: Lang) => import(`./${l}/users.ts`),
  audit: (l: Lang) => import(`./${l}/audit.ts`),
  alliance: (l: Lang) => import(`./${l}/alliance.ts`),
  tickets: (l: Lang) => import(`./${l}/tickets.ts`),
  meetings: (l: Lang) => import(`./${l}/meetings.ts`),
  risks: (l: Lang) => import(`./${l}/risks.ts`),
  notifications: (l: Lang) => import(`./${l}/notifications.ts`),
  calendar: (l: Lang) => import(`./${l}/calendar.ts`),
  departments: (l: Lang) => import(`./${l}/departments.ts`),
  experts: (l: Lang) => import(`./${l}/experts.ts`),
  city: (l: Lang) => import(`./${l}/city.ts`),
  purchasing: (l: Lang) => import(`./${l}/purchasing.ts`),
  market: (l: Lang) => import(`./${l}/market.ts`),
  workforce: (l: Lang) => import(`./${l}/workforce.ts`),
  policies: (l: Lang) => import(`./${l}/policies.ts`),
  prevention: (l: Lang) => import(`./${l}/prevention.ts`),
  briefings: (l: Lang) => import(`./${l}/briefings.ts`),
} satisfies Record<string, (l: Lang) => Promise<LocaleModule>>;

export type Namespace = keyof typeof NAMESPACES;

/** Top-level keys that live in another namespace's file. */
const SIBLINGS: Record<string, Namespace> = { nav: 'layout', fieldErrors: 'errors' };

/** The namespace whose file holds the key `key` (`nav.x` → layout), if any. */
export function namespaceOf(key: string): Namespace | undefined {
  const top = key.split('.')[0];
  if (top in SIBLINGS) return SIBLINGS[top];
  return top in NAMESPACES ? (top as Namespace) : undefined;
}

/** A namespace file's strings as catalog top-level keys: `{ [name]: default, ...named exports }`. */
export async function loadNamespace(name: Namespace, lang: Lang): Promise<Record<string, unknown>> {
  const { default: main, ...named } = (await NAMESPACES[name](lang)) as LocaleModule;
  return main ? { [name]: main, ...named } : named;
}
