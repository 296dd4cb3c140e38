/**
 * From a forecast break to a filed problem on the root firm, in a real browser against the demo
 * city: the break table's action opens the root firm's dialog (its own reason from its latest
 * report), files the problem, and the problem page shows it for that firm, from the chain analysis.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, serverAndBrowser, signedIn } from './server';

async function fileFirstBreak(page: Page): Promise<{ root: string; ticketUrl: string }> {
  await page.goto('/chain/forecast');
  const button = page.locator('[data-testid=break-table] [data-testid=file-problem]').first();
  await button.waitFor({ timeout: 60_000 });
  const root = ((await button.getAttribute('aria-label')) ?? '').replace(/^为 (.+) 转为问题$/, '$1');
  expect(root).not.toBe('');
  await button.click();
  const dialog = page.locator('.ant-modal');
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain(root);
  expect(await axeViolations(page)).toEqual([]);
  const filedResponse = page.waitForResponse((r) => r.url().endsWith('/api/chain/problems') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: /转\s*办/ }).click();
  const response = await filedResponse;
  expect(response.status(), await response.text()).toBe(201);
  const filed = page.getByTestId('filed-problem');
  await filed.waitFor({ timeout: 30_000 });
  const href = await filed.locator('a').getAttribute('href');
  expect(href).toMatch(/^\/problems\/\d+$/);
  return { root, ticketUrl: href! };
}

describe('chain forecast → problem', () => {
  const env = serverAndBrowser();

  it('secretary-pneumatic files a problem for the root firm of a forecast break', { timeout: 240_000 }, async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary-pneumatic');
    try {
      const { root, ticketUrl } = await fileFirstBreak(page);
      await page.goto(ticketUrl);
      const body = page.locator('main');
      await body.getByText('断链测算转办').first().waitFor({ timeout: 30_000 });
      const text = await body.innerText();
      expect(text).toContain(root);
      expect(text).toContain('断链测算');
    } finally {
      await context.close();
    }
  });
});
