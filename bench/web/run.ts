/**
 * What the web app costs a phone: the gzip JavaScript each entry page loads (login, a firm's
 * daily report, the overview) and the time until the daily report is usable (its submit button
 * shown) on a throttled 4 Mbit/s, 150 ms RTT connection in Chromium (CDP
 * Network.emulateNetworkConditions), cold cache. Writes bench/web/results.json and the
 * "Web delivery" section of bench/RESULTS.md.
 *
 *   node --import tsx bench/web/run.ts [--runs 3]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { BUDGETS, recordScripts, totalBytes } from '../../web/e2e/delivery';
import { ROOT, launchBrowser, signedIn, startServer, type TestServer } from '../../web/e2e/server';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const THROTTLE = { offline: false, latency: 150, downloadThroughput: (4_000_000 / 8), uploadThroughput: (1_000_000 / 8) };

async function storage(browser: Browser, server: TestServer, user: string) {
  const { context } = await signedIn(browser, server, user);
  const s = await context.storageState();
  await context.close();
  return s;
}

async function measure(browser: Browser, server: TestServer, state: Awaited<ReturnType<BrowserContext['storageState']>> | undefined, path: string, ready: string, throttled: boolean) {
  const context = await browser.newContext({ baseURL: server.url, storageState: state, viewport: { width: 390, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    if (throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    }
    const scripts = recordScripts(page);
    const started = Date.now();
    await page.goto(path);
    await page.locator(ready).first().waitFor({ timeout: 120_000 });
    const usableMs = Date.now() - started;
    await page.waitForLoadState('networkidle');
    const loads = scripts();
    return { usableMs, gzipBytes: totalBytes(loads), files: loads.length };
  } finally {
    await context.close();
  }
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const pages = [
    { name: 'login', user: null, path: '/login', ready: '#username', budget: BUDGETS.login },
    { name: 'report', user: 'staff', path: '/report', ready: '[data-testid=report-submit]', budget: BUDGETS.report },
    { name: 'overview', user: 'secretary', path: '/overview', ready: '[data-testid=kpi-resumption]', budget: BUDGETS.overview },
  ] as const;
  const results = [];
  for (const p of pages) {
    const state = p.user ? await storage(browser, server, p.user) : undefined;
    const bytes = await measure(browser, server, state, p.path, p.ready, false);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await measure(browser, server, state, p.path, p.ready, true)).usableMs);
    times.sort((a, b) => a - b);
    results.push({ page: p.name, path: p.path, files: bytes.files, gzipKB: Math.round(bytes.gzipBytes / 1024), budgetKB: p.budget / 1024, usableMsMedian: times[Math.floor(times.length / 2)], usableMsAll: times });
    console.log(results.at(-1));
  }
  writeFileSync(join(ROOT, 'bench/web/results.json'), JSON.stringify({ at: new Date().toISOString(), throttle: THROTTLE, runs, results }, null, 2) + '\n');
  const section = [
    '<!-- web-delivery:begin -->',
    '## Web delivery',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)} with \`node --import tsx bench/web/run.ts --runs ${runs}\`: Chromium, cold cache, 390 px wide, throttled by CDP \`Network.emulateNetworkConditions\` to 4 Mbit/s down, 1 Mbit/s up, 150 ms latency; assets served precompressed (brotli when asked, else gzip). "Usable" is the page's main control on screen (the report's submit button, the login form, the overview's first figure); median of ${runs}.`,
    '',
    '| Entry page | JS files | JS gzip | Budget | Usable (median) | |',
    '|---|---:|---:|---:|---:|---|',
    ...results.map((r) => `| ${r.page} (\`${r.path}\`) | ${r.files} | ${r.gzipKB} KB | ${r.budgetKB} KB | ${(r.usableMsMedian / 1000).toFixed(1)} s | ${r.gzipKB <= r.budgetKB ? 'met' : 'over'} |`),
    '',
    'Before this round (issue 11): the overview loaded 43 files, 745 KB gzip (sent uncompressed, 2.27 MB); the daily report took 4.7 s and the overview 6.4 s on the same connection.',
    '<!-- web-delivery:end -->',
  ].join('\n');
  const md = join(ROOT, 'bench/RESULTS.md');
  const text = readFileSync(md, 'utf8');
  writeFileSync(md, /<!-- web-delivery:begin -->[\s\S]*<!-- web-delivery:end -->/.test(text) ? text.replace(/<!-- web-delivery:begin -->[\s\S]*<!-- web-delivery:end -->/, section) : `${text.trimEnd()}\n\n${section}\n`);
} finally {
  await browser.close();
  await server.stop();
}
