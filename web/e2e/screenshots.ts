/**
 * The README's screenshots of the newer views, taken from the demo logins' own screens: a fresh
 * server seeded with the demo city, Chinese, desktop 1440×900 (and one phone view, 390×844).
 * Not a test (vitest does not run it), so test runs do not rewrite these pictures:
 *
 *   node --import tsx web/e2e/screenshots.ts [name…]
 *
 * writes docs/screenshots/<name>.png for each shot (all when no name is given).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, ensureWebBuilt, launchBrowser, signedIn, startServer } from './server';

interface Shot {
  name: string;
  user: string;
  /** The path to open, or a function finding it (a detail page of the seeded data). */
  path: string | ((page: Page) => Promise<string>);
  /** What must be on screen before the picture is taken. */
  ready: string;
  phone?: boolean;
}

const firstId = async (page: Page, api: string): Promise<number> => {
  const body = (await (await page.request.get(api)).json()) as { items: { id: number }[] };
  if (!body.items.length) throw new Error(`${api}: nothing seeded`);
  return body.items[0].id;
};

const SHOTS: Shot[] = [
  { name: 'city', user: 'admin', path: '/city', ready: '[data-testid=city-breakdown-district] canvas' },
  { name: 'chain-forecast', user: 'secretary', path: '/chain/forecast', ready: '[data-testid=break-table] .ant-table-row' },
  { name: 'risks', user: 'secretary', path: '/risks', ready: '[data-testid=risk-proposals] #risk-proposal-min' },
  { name: 'workforce', user: 'secretary', path: '/workforce', ready: '[data-testid=postings-table] .ant-table-row' },
  { name: 'market', user: 'firm', path: '/market', ready: 'h1.page-title' },
  { name: 'purchasing', user: 'secretary', path: async (p) => `/purchasing/${await firstId(p, '/api/purchasing/campaigns')}`, ready: 'h1.page-title' },
  { name: 'policy', user: 'secretary', path: async (p) => `/policies/${await firstId(p, '/api/policies')}`, ready: '[data-testid=match-summary]' },
  { name: 'briefings', user: 'secretary', path: '/briefings', ready: '[data-testid=briefing-pdf]' },
  { name: 'report-phone', user: 'staff', path: '/report', ready: '[data-testid=report-submit]', phone: true },
];

const wanted = new Set(process.argv.slice(2));
const shots = SHOTS.filter((s) => !wanted.size || wanted.has(s.name));
await ensureWebBuilt();
const server = await startServer();
const browser = await launchBrowser();
try {
  mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
  for (const shot of shots) {
    const { context, page } = await signedIn(browser, server, shot.user, shot.phone ? { width: 390, height: 844 } : {});
    try {
      const path = typeof shot.path === 'string' ? shot.path : await shot.path(page);
      await page.goto(path);
      await page.locator(shot.ready).first().waitFor({ timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      // Charts animate in and lazy cards load as they appear: let them settle.
      await page.waitForTimeout(2000);
      const file = join(ROOT, 'docs/screenshots', `${shot.name}.png`);
      await page.screenshot({ path: file });
      console.log(`${shot.name}: ${path} as ${shot.user}, ${Math.round(statSync(file).size / 1024)} KB`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
