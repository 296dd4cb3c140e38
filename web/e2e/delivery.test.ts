import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CEILINGS, loadsCharts, recordScripts, totalBytes } from './delivery';
import { ROOT, serverAndBrowser, signedIn, type TestServer } from './server';

const read = (file: string) => readFileSync(join(ROOT, 'dist/web', file), 'utf8');

/** Opens `path` cold (empty cache) as `user` (or signed out) and returns the scripts it loaded. */
async function coldLoad(browser: Browser, server: TestServer, user: string | null, path: string, ready: string) {
  let storageState: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>> | undefined;
  if (user) {
    const { context } = await signedIn(browser, server, user);
    storageState = await context.storageState();
    await context.close();
  }
  const context = await browser.newContext({ baseURL: server.url, storageState, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 800 } });
  try {
    const page = await context.newPage();
    const scripts = recordScripts(page);
    await page.goto(path);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    return scripts();
  } finally {
    await context.close();
  }
}

describe('delivery', () => {
  const env = serverAndBrowser();

  it('serves precompressed assets cached for good, and index.html revalidated', async () => {
    const index = await fetch(`${env.server.url}/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    // The libraries' chunk every page loads (the entry itself is under the 1 KB compression threshold).
    const entry = /href="(\/assets\/vendor-[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip']] as const) {
      const res = await fetch(`${env.server.url}${entry}`, { headers: { 'accept-encoding': accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('vary')).toContain('accept-encoding');
    }
    // A client route is the app shell, not cached either.
    const route = await fetch(`${env.server.url}/report`);
    expect(route.headers.get('cache-control')).toBe('no-cache');
  }, 60_000);

  it('the login page stays within its ceiling and loads no chart code', async () => {
    const loads = await coldLoad(env.browser, env.server, null, '/login', '#username');
    expect(loadsCharts(loads, read)).toBe(false);
    expect(totalBytes(loads)).toBeLessThanOrEqual(CEILINGS.login);
  }, 120_000);

  it("a firm's daily report stays within its ceiling and loads no chart code", async () => {
    const loads = await coldLoad(env.browser, env.server, 'staff', '/report', '[data-testid=report-submit]');
    expect(loadsCharts(loads, read)).toBe(false);
    expect(totalBytes(loads)).toBeLessThanOrEqual(CEILINGS.report);
  }, 120_000);

  it('the overview stays within its ceiling', async () => {
    const loads = await coldLoad(env.browser, env.server, 'secretary', '/overview', '[data-testid=kpi-resumption]');
    expect(loadsCharts(loads, read)).toBe(true);
    expect(totalBytes(loads)).toBeLessThanOrEqual(CEILINGS.overview);
  }, 120_000);
});
