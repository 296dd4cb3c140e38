/**
 * The policy working group adds a policy with eligibility rules built in the form (no JSON),
 * lands on its page and sees the qualifying members with the reasons — the same members the
 * API's matching names. A firm sees the policies it qualifies for and what it still needs.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, selectHolding, serverAndBrowser, signedIn } from './server';

describe('policies in the browser', () => {
  const env = serverAndBrowser();

  it('the policy group adds a policy with rules in the form and sees its eligible members', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'policy-leather');
    try {
      await page.goto('/policies');
      await expect.poll(() => page.locator('h1.page-title').innerText(), { timeout: 30_000 }).toBe('政策库');
      await page.getByTestId('policy-add').click();
      const drawer = page.locator('.ant-drawer');
      await drawer.waitFor();
      await drawer.locator('#title').fill('小微企业稳岗补贴（浏览器测试）');
      await drawer.locator('#benefitAmount').fill('5000');

      // Rule 1: micro or small firms.
      await page.getByTestId('rule-add').click();
      await chooseOption(page, selectHolding(drawer, '#rules_0_bands'), '微型');
      await chooseOption(page, selectHolding(drawer, '#rules_0_bands'), '小型');
      await page.keyboard.press('Escape');
      // Rule 2: below designated size.
      await page.getByTestId('rule-add').click();
      await chooseOption(page, selectHolding(drawer, '#rules_1_kind'), '规上企业');
      await drawer.getByText('须为规下企业').click();

      const created = page.waitForResponse((r) => r.url().endsWith('/api/policies') && r.request().method() === 'POST', { timeout: 30_000 });
      await page.getByTestId('policy-save').click();
      const res = await created;
      expect(res.status()).toBe(201);
      const policy = (await res.json()) as { id: number; rules: { kind: string }[] };
      expect(policy.rules.map((r) => r.kind)).toEqual(['size_band', 'above_designated_size']);

      await page.waitForURL(`**/policies/${policy.id}`, { timeout: 30_000 });
      const expected = (await (await page.request.get(`/api/policies/${policy.id}/matches`)).json()) as { eligible: number; members: number; items: { enterprise: { name: string } }[] };
      await expect.poll(() => page.getByTestId('match-summary').innerText(), { timeout: 30_000 }).toBe(`${expected.eligible} / ${expected.members} 家成员企业符合`);
      const table = page.getByTestId('policy-matches').locator('.ant-table-tbody');
      if (expected.items.length) {
        await expect.poll(() => table.innerText()).toContain(expected.items[0]!.enterprise.name);
        // The reasons, rule by rule.
        expect(await table.innerText()).toContain('企业规模符合');
      }
      expect(await page.getByTestId('policy-rules').innerText()).toContain('规模');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a firm sees the policies it qualifies for and what it still needs', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'firm');
    try {
      await page.goto('/policies');
      await page.getByTestId('my-policies').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('my-policies').innerText(), { timeout: 30_000 }).toContain('我可享受的政策');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
