/**
 * The city screen's full-screen mode: the admin opens the city view, enters full screen (the
 * Fullscreen API, dark theme), sees every alliance, and a report filed meanwhile through the API
 * changes a figure on the screen by the live stream (server-sent events), with no reload.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signedIn } from './server';

/** The figure a drill-down link shows first (its hidden label follows). */
const leadingInt = (text: string | null) => Number(/^\s*([\d,]+)/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? NaN);

describe('the city screen in full-screen mode', () => {
  const env = serverAndBrowser();

  it('shows every alliance full screen and a filed report changes a figure live', async () => {
    const admin = await signedIn(env.browser, env.server, 'admin');
    const commissioner = await signedIn(env.browser, env.server, 'commissioner');
    try {
      const page = admin.page;
      await page.waitForURL('**/city');
      const table = page.getByTestId('city-alliances');
      await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('city-screen').textContent(), { timeout: 30_000 }).toContain('实时');

      // Full screen: the screen element is the document's full-screen element, in the dark theme.
      await page.getByTestId('city-fullscreen').click();
      await page.waitForFunction(() => document.fullscreenElement?.getAttribute('data-testid') === 'city-screen', undefined, { timeout: 20_000 });
      await page.locator('.city-screen.city-screen-dark').waitFor({ timeout: 10_000 });
      await expect.poll(() => page.getByTestId('city-fullscreen').textContent()).toContain('退出');

      // Every alliance is on the screen.
      const city = (await (await page.request.get('/api/city')).json()) as { alliances: { alliance: { id: number; name: string }; reported: number }[] };
      expect(city.alliances.length).toBeGreaterThan(1);
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(city.alliances.length);
      for (const a of city.alliances) {
        await expect(table.textContent()).resolves.toContain(a.alliance.name);
        await expect(page.getByTestId(`drill-${a.alliance.id}-reported`).first().isVisible()).resolves.toBe(true);
      }

      // A firm of the commissioner's caseload that has not reported today files its report.
      const missing = (await (await commissioner.page.request.get('/api/reports/missing?mine=true&pageSize=50')).json()) as { items: { enterpriseId: number }[] };
      expect(missing.items.length, 'a caseload firm without a report today').toBeGreaterThan(0);
      const firmId = missing.items[0]!.enterpriseId;
      const leather = city.alliances.find((a) => a.alliance.id === 1)!;
      const figure = page.getByTestId(`drill-1-reported`).first();
      await expect.poll(async () => leadingInt(await figure.textContent())).toBe(leather.reported);
      const refetched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/city' && r.request().method() === 'GET', { timeout: 60_000 });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const filed = await commissioner.page.request.post(`/api/enterprises/${firmId}/reports`, {
        headers: { 'idempotency-key': `e2e-city-live-${Date.now()}` },
        data: { reportDate: today, outputPct: 80, capacityPct: 90, staffOnDuty: 30, staffTotal: 40, stage: 'partial', blockers: [] },
      });
      expect(filed.status(), await filed.text()).toBe(201);
      // The stream says `changed`; the screen fetches the figures again and shows one more reporter.
      await refetched;
      await expect.poll(async () => leadingInt(await figure.textContent()), { timeout: 60_000 }).toBe(leather.reported + 1);
      // Still full screen: nothing reloaded the page.
      expect(await page.evaluate(() => document.fullscreenElement !== null)).toBe(true);

      // Leaving full screen restores the light screen.
      await page.getByTestId('city-fullscreen').click();
      await page.waitForFunction(() => document.fullscreenElement === null, undefined, { timeout: 20_000 });
      await page.locator('.city-screen-dark').waitFor({ state: 'detached', timeout: 10_000 });
    } finally {
      await admin.context.close();
      await commissioner.context.close();
    }
  }, 240_000);
});
