/**
 * The supply-chain pages in a real browser against a real server (demo city): the map renders
 * the pneumatics cluster, the forecast lists breaks, a scenario that stops a key upstream firm
 * moves someone's break day, and an enterprise sees the translated share-over-100 % error next
 * to the share field. axe-core finds no serious or critical violations on the chain pages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, ROOT, selectHolding, serverAndBrowser, signedIn } from './server';

async function legendCount(page: Page, status: string): Promise<number> {
  return Number(await page.locator(`[data-testid=legend-${status}] .legend-count`).innerText());
}

describe('supply chain pages', () => {
  const env = serverAndBrowser();

  it('secretary-pneumatic: map, forecast, critical firms, and a scenario that moves a break day', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary-pneumatic');
    try {
      // The map: canvas drawn, legend counts add up to the cluster's 120 firms, some break.
      await page.goto('/chain/map');
      await page.locator('[data-testid=chain-graph] canvas').first().waitFor({ timeout: 30_000 });
      const counts = await Promise.all(['breaks', 'constrained', 'lowCapacity', 'ok'].map((s) => legendCount(page, s)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(120);
      expect(counts[0]).toBeGreaterThan(0);
      expect(await page.locator('.page-subtitle').innerText()).toContain('120 家企业');
      expect(await axeViolations(page)).toEqual([]);

      await page.waitForTimeout(1200); // chart animations
      mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'docs/screenshots/chain-map.png') });

      // Select the first firm about to break: its panel shows the break day and cause path.
      await page.locator('.breaking-item').first().click();
      const panel = page.getByTestId('firm-panel');
      await panel.waitFor();
      expect(await panel.innerText()).toMatch(/预计断链：\s*第 \d+ 天/);
      expect(await panel.locator('.cause-path').innerText()).toContain('←');
      expect(await axeViolations(page)).toEqual([]);

      // The forecast: at least one break row, earliest first.
      await page.goto('/chain/forecast');
      const rows = page.locator('[data-testid=break-table] .ant-table-row');
      await rows.first().waitFor({ timeout: 30_000 });
      expect(await rows.count()).toBeGreaterThan(0);
      const days = (await page.locator('[data-testid=break-table] .ant-table-row td:first-child').allInnerTexts()).map((s) => Number(/第 (\d+) 天/.exec(s)?.[1]));
      expect(days.every((d) => Number.isInteger(d))).toBe(true);
      expect([...days].sort((a, b) => a - b)).toEqual(days);
      expect(await page.locator('.ant-card-head-title').allInnerTexts()).toContain('产业链产出（正常水平 = 100%）');
      expect(await axeViolations(page)).toEqual([]);

      // Critical firms: the top one whose stoppage would break others (a key upstream firm).
      await page.goto('/chain/impact');
      await page.getByTestId('critical-item').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('critical-item').first().innerText()).toMatch(/若 .+ 停产，产业链产出损失 [\d.]+%/);
      expect(await page.getByTestId('priority-item').first().innerText()).toMatch(/恢复 .+(可带回 \d+ 家企业、[\d,]+ 名职工的产出|至满产)/);
      const key = page.locator('[data-testid=critical-item]:not([data-broken="0"])').first();
      const keyName = (await key.locator('.rank-name').innerText()).trim();
      expect(keyName).not.toBe('');
      expect(await axeViolations(page)).toEqual([]);

      // Scenario: that firm at 0 % capacity for the whole horizon.
      await page.goto('/chain/scenarios');
      await page.getByTestId('scenario-new').click();
      await page.locator('#name').fill(`停产推演：${keyName}`);
      await chooseOption(page, selectHolding(page, '#changes_0_enterpriseId'), keyName, { exact: true, search: keyName });
      expect(await page.locator('#changes_0_capacityPct').inputValue()).toBe('0');
      await page.getByTestId('scenario-save').click();
      const comparison = page.getByTestId('scenario-comparison');
      await comparison.waitFor({ timeout: 60_000 });
      const moved = page.locator('[data-testid=compare-table] tr[data-moved=true]');
      await moved.first().waitFor();
      expect(await moved.count()).toBeGreaterThan(0);
      const before = await moved.first().getByTestId('break-before').innerText();
      const after = await moved.first().getByTestId('break-after').innerText();
      expect(before).not.toBe(after);
      expect(Number(await page.getByTestId('moved-count').locator('.ant-statistic-content-value').innerText())).toBeGreaterThan(0);
      expect(await page.getByTestId('scenario-list').innerText()).toContain(keyName);
      await page.mouse.move(0, 0); // the save button just clicked is still hovered: not what a reader sees at rest
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('firm: a share that lifts the customer over 100 % shows the translated error at the share field', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'firm');
    try {
      await page.goto('/chain/links');
      await page.locator('[data-testid=links-table] .ant-table-row').first().waitFor({ timeout: 30_000 });
      expect(await axeViolations(page)).toEqual([]);

      // A customer the firm already supplies: another 100 % of the same item is too much.
      const session = (await (await page.request.get('/api/session')).json()) as { enterpriseIds: number[] };
      const links = (await (await page.request.get('/api/chain/links?pageSize=200')).json()) as { items: { supplier: { id: number }; customer: { id: number; name: string }; item: { name: string } }[] };
      const link = links.items.find((l) => session.enterpriseIds.includes(l.supplier.id));
      expect(link).toBeDefined();

      await page.getByTestId('link-declare').click();
      const form = page.getByTestId('link-form');
      await form.waitFor();
      await form.getByText('供应方（供货）').click();
      await chooseOption(page, selectHolding(page, '#otherId'), link!.customer.name, { exact: true, search: link!.customer.name });
      await chooseOption(page, selectHolding(page, '#itemId'), link!.item.name, { exact: true, search: link!.item.name });
      await page.locator('#sharePct').fill('100');
      // The server's answer first (a refusal naming the share), then the field's message.
      const [answer] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/chain/links' && r.request().method() === 'POST', { timeout: 60_000 }),
        page.getByTestId('link-save').click(),
      ]);
      const problem = (await answer.json()) as { code: string; errors?: { path: string }[] };
      expect([answer.status(), problem.code, problem.errors?.map((e) => e.path)]).toEqual([400, 'validation_failed', ['sharePct']]);

      const shareError = page.locator('.ant-form-item').filter({ has: page.locator('#sharePct') }).locator('.ant-form-item-explain-error');
      await shareError.waitFor({ timeout: 30_000 });
      await expect.poll(() => shareError.textContent()).toMatch(/供货份额合计 [\d.]+%，超出 100% 共 [\d.]+ 个百分点/);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
