/**
 * Membership by consent in the browser: another alliance's secretary asks the demo firm to join
 * (from the members page); the firm's admin is told, opens the memberships page and accepts; only
 * then does the firm appear among that alliance's members.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signedIn } from './server';

describe('join requests in the browser', () => {
  const env = serverAndBrowser();

  it("the firm's admin accepts a pending join request from its page", async () => {
    const firm = await signedIn(env.browser, env.server, 'firm');
    const fishery = await signedIn(env.browser, env.server, 'secretary-fishery');
    try {
      const { name, creditCode } = await firm.page.evaluate(async () => {
        const session = (await (await fetch('/api/session')).json()) as { grants: { role: string; enterpriseId: number | null }[] };
        const id = session.grants.find((g) => g.role === 'enterprise_admin')!.enterpriseId;
        return (await (await fetch(`/api/enterprises/${id}`)).json()) as { name: string; creditCode: string };
      });

      // The other alliance asks, by credit code.
      await fishery.page.goto('/members');
      await fishery.page.getByTestId('join-requests-open').click();
      const drawer = fishery.page.locator('.ant-drawer-section');
      await drawer.locator('#creditCode').fill(creditCode);
      await drawer.getByRole('button', { name: '发出申请' }).click();
      await expect.poll(() => drawer.locator('.ant-table-row').first().innerText(), { timeout: 15_000 }).toContain('待答复');
      await drawer.locator('.ant-drawer-close').click().catch(() => undefined);
      // Not a member yet: the registry does not list it.
      await fishery.page.goto(`/members?q=${encodeURIComponent(name)}`);
      await fishery.page.locator('.ant-table').first().waitFor();
      await expect.poll(() => fishery.page.locator('.ant-table-row').count()).toBe(0);

      // The firm's admin is told, and answers on its memberships page.
      await firm.page.goto('/notifications');
      await expect.poll(() => firm.page.locator('[data-testid=notification-item]').first().innerText(), { timeout: 15_000 }).toContain('申请将');
      await firm.page.locator('[data-testid=notification-item] .notification-open').first().click();
      await firm.page.waitForURL(/\/memberships$/);
      const request = firm.page.getByTestId('join-request').first();
      await request.waitFor();
      expect(await request.innerText()).toContain(name);
      await request.getByTestId('join-accept').click();
      await expect.poll(() => firm.page.getByTestId('join-request').count(), { timeout: 15_000 }).toBe(0);
      // The new alliance is listed with the history not shared.
      await expect.poll(() => firm.page.locator('.ant-table-row').count()).toBeGreaterThanOrEqual(2);
      expect(await firm.page.locator('.ant-table-row', { hasText: '水产' }).first().innerText()).toContain('起');

      // Now the firm is a member of the other alliance.
      await fishery.page.goto(`/members?q=${encodeURIComponent(name)}`);
      await expect.poll(() => fishery.page.locator('.ant-table-row').count(), { timeout: 15_000 }).toBe(1);
    } finally {
      await firm.context.close();
      await fishery.context.close();
    }
  }, 180_000);
});
