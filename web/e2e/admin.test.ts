/**
 * The secretary's housekeeping in the browser: assigning resident commissioners (one firm from
 * its profile, several from the members list), resetting someone's password (shown once, and it
 * signs in), editing the alliance — and the commissioner then finding the firms in their caseload.
 */
import type { Locator, Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, confirmPopup, selectHolding, serverAndBrowser, signedIn } from './server';

type Firm = { id: number; name: string; commissioner: { id: number; displayName: string } | null };

async function firmsWithoutCommissioner(page: Page, n: number): Promise<Firm[]> {
  const list = (await (await page.request.get('/api/enterprises?pageSize=100&sort=name')).json()) as { items: Firm[] };
  const free = list.items.filter((e) => e.commissioner === null);
  expect(free.length).toBeGreaterThanOrEqual(n);
  return free.slice(0, n);
}

async function commissionerName(page: Page): Promise<string> {
  const users = (await (await page.request.get('/api/users?q=commissioner&pageSize=50')).json()) as { items: { username: string; displayName: string }[] };
  return users.items.find((u) => u.username === 'commissioner')!.displayName;
}

/** The select's drop-down closes after a choice; under load its motion can linger, so click the dialog's title (outside it). */
async function closedDropdown(page: Page, modal: ReturnType<Page['locator']>): Promise<void> {
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => modal.locator('.ant-modal-title').click());
}

/** Chooses the commissioner in the dialog's select (checked at the field), then lets its list close. */
async function chooseCommissioner(page: Page, modal: Locator, name: string): Promise<void> {
  await chooseOption(page, selectHolding(modal, '#userId'), name, { exact: true });
  await closedDropdown(page, modal);
}

/** The answers to the commissioner saves (PUT /api/enterprises/:id/commissioner) from now on. */
function commissionerSaves(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'PUT' && /\/api\/enterprises\/\d+\/commissioner$/.test(new URL(r.url()).pathname)) seen.push(r);
  });
  return seen;
}

async function toast(page: Page, timeout = 15_000): Promise<string> {
  const notice = page.locator('.ant-message-notice').last();
  await notice.waitFor({ timeout });
  return notice.innerText();
}

describe('secretary housekeeping in the browser', () => {
  const env = serverAndBrowser();
  const assigned: string[] = [];

  it('assigns a commissioner to one firm from its profile, and removes it again', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const [firm] = await firmsWithoutCommissioner(page, 1);
      const name = await commissionerName(page);
      await page.goto(`/members/${firm.id}`);
      const field = page.getByTestId('commissioner');
      await expect.poll(() => field.innerText()).toContain('未指派');

      await field.getByRole('button', { name: /指\s*派/ }).click();
      const modal = page.locator('.ant-modal');
      await modal.waitFor();
      // Saving without a choice is refused next to the field.
      await page.getByTestId('commissioner-save').click();
      await expect.poll(() => modal.locator('.ant-form-item-explain-error').textContent()).toContain('请选择驻企专员');
      await chooseCommissioner(page, modal, name);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('commissioner-save').click();
      expect(await toast(page)).toContain(`已将 ${firm.name} 的驻企专员设为 ${name}`);
      await expect.poll(() => field.innerText()).toContain(name);

      // Remove (asks first), then assign again: the commissioner will find it in the caseload.
      const removed = await confirmPopup(page, field.getByRole('button', { name: /移\s*除/ }), (r) => r.method() === 'PUT' && new URL(r.url()).pathname === `/api/enterprises/${firm.id}/commissioner`);
      expect(removed.status(), await removed.text()).toBe(200);
      await expect.poll(() => field.innerText()).toContain('未指派');
      await field.getByRole('button', { name: /指\s*派/ }).click();
      await chooseCommissioner(page, modal, name);
      await page.getByTestId('commissioner-save').click();
      await expect.poll(() => field.innerText()).toContain(name);
      assigned.push(firm.name);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('assigns a commissioner to several firms selected in the members list', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const name = await commissionerName(page);
      await page.goto('/members?sort=name');
      await page.locator('.ant-table-row').first().waitFor();
      const firms = await firmsWithoutCommissioner(page, 2);
      for (const f of firms) await page.getByRole('checkbox', { name: `选择 ${f.name}` }).check();
      await expect.poll(() => page.getByRole('region', { name: '对所选企业的操作' }).innerText()).toContain('已选 2 家企业');
      expect(await axeViolations(page)).toEqual([]);

      await page.getByTestId('bulk-assign').click();
      const modal = page.locator('.ant-modal');
      await expect.poll(() => modal.locator('.ant-modal-title').innerText()).toBe('为 2 家企业指派驻企专员');
      await chooseCommissioner(page, modal, name);
      // Watched from before the click: one save per firm, then a three-second notice (under load the saves can take long).
      const saves = commissionerSaves(page);
      const told = toast(page, 90_000);
      await page.getByTestId('commissioner-save').click();
      // Both saves answered, and succeeded (a refusal would show in the dialog, not as a notice).
      await expect.poll(() => saves.length, { timeout: 90_000 }).toBe(2);
      expect(await Promise.all(saves.map(async (r) => `${r.status()} ${r.status() === 200 ? '' : await r.text()}`.trim()))).toEqual(['200', '200']);
      expect(await told).toContain(`已为 2 家企业指派驻企专员 ${name}`);
      // Saved firms leave the selection; the table shows their commissioner.
      await expect.poll(() => page.getByRole('region', { name: '对所选企业的操作' }).count()).toBe(0);
      for (const f of firms) {
        await expect.poll(() => page.locator('.ant-table-row', { hasText: f.name }).innerText()).toContain(name);
        assigned.push(f.name);
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the commissioner finds the newly assigned firms in their caseload', async () => {
    expect(assigned).toHaveLength(3);
    const { context, page } = await signedIn(env.browser, env.server, 'commissioner');
    try {
      await page.goto('/caseload');
      await page.locator('.ant-table-row').first().waitFor();
      const table = page.locator('.ant-table-tbody').first(); // the caseload table (the second lists firms not reported)
      for (const firm of assigned) await expect.poll(() => table.innerText()).toContain(firm);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('resets a user’s password: shown once with a copy button, and it signs in', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    let password = '';
    try {
      // A staff account of the alliance (a firm's accounts are its own admin's to reset).
      await page.goto('/users?q=market-leather');
      const row = page.locator('.ant-table-row', { hasText: 'market-leather' }).first();
      await row.waitFor();
      await row.getByRole('button', { name: /重置密码/ }).click();
      const modal = page.locator('.ant-modal');
      await expect.poll(() => modal.innerText()).toContain('退出其在所有设备上的登录');
      await page.getByTestId('reset-confirm').click();
      const shown = page.getByTestId('temp-password');
      await shown.waitFor({ timeout: 30_000 }).catch(async (err) => {
        throw new Error(`no password shown; the dialog says: ${await modal.innerText()}`, { cause: err });
      });
      password = (await shown.innerText()).trim();
      expect(password).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(await modal.getByRole('button', { name: /复制/ }).count()).toBeGreaterThan(0);
      expect(await toast(page)).toContain('已重置');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('reset-done').click();
      await expect.poll(() => page.getByTestId('temp-password').count()).toBe(0);

      // No reset for oneself (that is "change password" in the account menu).
      await page.goto('/users?q=secretary');
      const self = page.locator('.ant-table-row', { hasText: 'secretary' }).first();
      await self.waitFor();
      expect(await self.getByRole('button', { name: /重置/ }).count()).toBe(0);
    } finally {
      await context.close();
    }

    const other = await env.browser.newContext({ baseURL: env.server.url, locale: 'zh-CN' });
    try {
      const p = await other.newPage();
      await p.goto('/login');
      await p.locator('#username').fill('market-leather');
      await p.locator('#password').fill(password);
      await p.locator('button[type=submit]').click();
      await p.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20_000 });
      await p.locator('main#main').waitFor();
    } finally {
      await other.close();
    }
  }, 120_000);

  it('edits the alliance: a bad name is refused next to the field, the fixed one is saved', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/alliance');
      await page.getByRole('button', { name: /编辑联盟信息/ }).click();
      const drawer = page.locator('.ant-drawer-section');
      await drawer.locator('#name').fill('皮');
      await page.getByTestId('alliance-save').click();
      const nameItem = drawer.locator('.ant-form-item').filter({ has: page.locator('#name') });
      await expect.poll(() => nameItem.locator('.ant-form-item-explain-error').textContent()).toContain('至少 2 个字符');
      await drawer.locator('#name').fill('温州皮革产业链党建联盟（新）');
      await drawer.locator('#description').fill('测试简介：联盟协同复工。');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('alliance-save').click();
      expect(await toast(page)).toContain('已保存');
      await expect.poll(() => page.locator('h1.page-title').innerText()).toBe('温州皮革产业链党建联盟（新）');
      await expect.poll(() => page.locator('.ant-card').first().innerText()).toContain('测试简介');
    } finally {
      await context.close();
    }
  }, 90_000);
});
