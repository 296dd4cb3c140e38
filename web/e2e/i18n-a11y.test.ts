import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, CJK, menuLabels, ROOT, serverAndBrowser, signedIn } from './server';

/** Interface text on the page (menus, headings, buttons, labels, table headers) — not data values. */
async function chromeTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = [
      'nav .ant-menu-item',
      'h1.page-title',
      '.ant-card-head-title',
      '.panel-title',
      '.ant-statistic-title',
      '.kpi-foot',
      'button',
      'th',
      '.ant-select-placeholder',
      'input[placeholder]',
      '.ant-pagination-options',
      '.ant-pagination-total-text',
      '.ant-tag',
      'label',
    ];
    const out: string[] = [];
    for (const el of document.querySelectorAll(selectors.join(','))) {
      // Rows, the person's name and the alliance name are data, not interface text.
      if ((el as HTMLElement).closest('.ant-table-tbody, [data-testid=user-menu], .alliance-switcher, .alliance-name')) continue;
      const text = el instanceof HTMLInputElement ? el.placeholder : (el as HTMLElement).innerText;
      if (text.trim()) out.push(text.trim());
    }
    return out;
  });
}

describe('languages and accessibility', () => {
  const env = serverAndBrowser();

  it('overview renders in Chinese and saves docs/screenshots/overview.png', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/overview');
      await page.getByTestId('kpi-resumption').waitFor();
      await page.locator('canvas').first().waitFor();
      expect(await page.locator('.panel-title').allInnerTexts()).toContain('今日未填报企业');
      await page.waitForTimeout(1200); // chart animations
      mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'docs/screenshots/overview.png') });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('switching to English changes every interface string and is remembered', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/overview');
      await page.getByTestId('kpi-resumption').waitFor();
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await expect.poll(() => menuLabels(page)).toEqual(['Overview', 'Members', 'Problems', 'Expert help', 'Experts', 'Joint meetings', 'Briefings', 'Risk register', 'Group purchasing', 'Policy library', 'Policy fulfilment', 'Resources & orders', 'Joint prevention', 'Shared employees', 'Alliance', 'People', 'Audit log', 'Group robots']);
      expect(await page.locator('h1.page-title').innerText()).toBe('Overview');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
      const overview = await chromeTexts(page);
      expect(overview.length).toBeGreaterThan(10);
      expect(overview.filter((s) => CJK.test(s))).toEqual([]);

      // Reload: still English (localStorage); then the members page, its filters and table headers.
      await page.goto('/members');
      await page.locator('.ant-table-row').first().waitFor();
      await expect.poll(() => page.locator('h1.page-title').innerText()).toBe('Member enterprises');
      const members = await chromeTexts(page);
      expect(members.filter((s) => CJK.test(s))).toEqual([]);
      // Data values stay as they are (enterprise names are Chinese), but their labels are English.
      expect(await page.locator('.ant-table-tbody').innerText()).toMatch(/Not reported|Output/);

      // Server errors follow the UI language too (translated by code).
      await page.goto('/members/99999999');
      await expect.poll(() => page.locator('.ant-result-title').innerText()).toContain('does not exist');
    } finally {
      await context.close();
    }
  }, 90_000);

  describe('axe-core finds no serious or critical violations', () => {
    it('on the login page', async () => {
      const context = await env.browser.newContext({ baseURL: env.server.url, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      try {
        await page.goto('/login');
        await page.locator('#username').waitFor();
        expect(await axeViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);

    for (const [user, path, ready] of [
      ['secretary', '/overview', '[data-testid=kpi-resumption]'],
      ['secretary', '/members', '.ant-table-row'],
      ['firm', '/report', '[data-testid=report-submit]'],
      ['commissioner', '/caseload', '.ant-table-row'],
    ] as const) {
      it(`on ${path} (${user})`, async () => {
        const { context, page } = await signedIn(env.browser, env.server, user);
        try {
          await page.goto(path);
          await page.locator(ready).first().waitFor();
          await page.waitForTimeout(500);
          expect(await axeViolations(page)).toEqual([]);
        } finally {
          await context.close();
        }
      }, 120_000);
    }

    it('on the report page at phone width', async () => {
      const { context, page } = await signedIn(env.browser, env.server, 'firm', { width: 360, height: 740 });
      try {
        await page.goto('/report');
        await page.getByTestId('report-submit').waitFor();
        expect(await axeViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  });
});
