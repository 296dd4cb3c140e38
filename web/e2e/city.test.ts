/**
 * The city screen as the platform admin uses it: signing in lands on it, every alliance is on
 * it side by side, a figure opens the very firms behind it, and the live stream is connected. A commissioner, signing in, lands on their caseload instead of the overview.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signedIn } from './server';

describe('the city screen', () => {
  const env = serverAndBrowser();

  it('the admin lands on it, sees every alliance, and drills down from a figure to its firms', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'admin');
    try {
      await page.waitForURL('**/city');
      const table = page.getByTestId('city-alliances');
      await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
      const city = (await (await page.request.get('/api/city')).json()) as { alliances: { alliance: { id: number; name: string }; members: number; reported: number }[] };
      expect(city.alliances.length).toBeGreaterThan(1);
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(city.alliances.length);
      for (const a of city.alliances) await expect(table.textContent()).resolves.toContain(a.alliance.name);

      // The reported figure of the largest alliance opens exactly its reporting firms.
      const a = [...city.alliances].sort((x, y) => y.members - x.members)[0]!;
      await page.getByTestId(`drill-${a.alliance.id}-reported`).first().click();
      const drawer = page.locator('.ant-drawer-section');
      await drawer.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 });
      await expect.poll(() => drawer.locator('.ant-pagination-total-text').textContent()).toContain(a.reported.toLocaleString('en-US'));
      const firms = (await (await page.request.get(`/api/city/firms?figure=reported&allianceId=${a.alliance.id}&pageSize=20`)).json()) as { items: { name: string }[]; total: number };
      expect(firms.total).toBe(a.reported);
      const names = await drawer.locator('tbody tr.ant-table-row td:first-child').allTextContents();
      expect(names).toEqual(firms.items.map((f) => f.name));
      // Sorting asks the server again.
      await drawer.getByRole('columnheader', { name: '职工人数' }).click();
      await expect.poll(async () => (await drawer.locator('tbody tr.ant-table-row td:nth-child(4)').allTextContents()).map((s) => Number(s.replace(/,/g, '')))).toEqual(
        ((await (await page.request.get(`/api/city/firms?figure=reported&allianceId=${a.alliance.id}&pageSize=20&sort=headcount&order=asc`)).json()) as { items: { headcount: number }[] }).items.map((f) => f.headcount),
      );
      await drawer.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'hidden' });

      // The city's breakdowns render (lazily loaded charts) and the live stream is connected.
      await page.getByTestId('city-breakdown-district').locator('canvas').first().waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('city-screen').textContent()).toContain('实时');

      // The full-screen button is there (the Fullscreen API itself is not asserted: headless Chromium did not grant it here).
      await page.getByTestId('city-fullscreen').waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a commissioner lands on their caseload, not the overview', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'commissioner');
    try {
      await page.waitForURL('**/caseload');
      await page.locator('h1.page-title').waitFor();
      expect(new URL(page.url()).pathname).toBe('/caseload');
    } finally {
      await context.close();
    }
  }, 60_000);
});
