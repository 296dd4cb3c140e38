/**
 * The platform admin keeps the city's departments in the browser (Chinese and English), and a
 * secretary puts a person into one from the people page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, CJK, selectHolding, serverAndBrowser, signedIn } from './server';

async function toast(page: Page): Promise<string> {
  const notice = page.locator('.ant-message-notice').last();
  await notice.waitFor({ timeout: 15_000 });
  return notice.innerText();
}

describe('departments in the browser', () => {
  const env = serverAndBrowser();

  it('the admin sees the seeded departments, adds one and edits it', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'admin');
    try {
      await page.goto('/settings/departments');
      await expect.poll(() => page.locator('h1.page-title').innerText()).toBe('政府部门');
      await expect.poll(() => page.locator('.ant-table-tbody').innerText()).toContain('市人力资源和社会保障局');
      expect(await axeViolations(page)).toEqual([]);

      await page.getByTestId('department-add').click();
      const drawer = page.locator('.ant-drawer');
      await drawer.waitFor();
      // A code that does not fit is refused beside the field, before anything is sent.
      await drawer.locator('#name').fill('市应急管理局');
      await drawer.locator('#code').fill('Bad Code');
      await page.getByTestId('department-save').click();
      await expect.poll(() => drawer.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
      await drawer.locator('#code').fill('emergency');
      await drawer.locator('#nameEn').fill('Emergency Management Bureau');
      await page.getByTestId('department-save').click();
      expect(await toast(page)).toContain('已保存');
      const row = page.locator('.ant-table-row', { hasText: '市应急管理局' });
      await expect.poll(() => row.innerText()).toContain('emergency');

      // The same code again: the server's answer lands on the field.
      await page.getByTestId('department-add').click();
      await drawer.locator('#name').fill('另一个应急局');
      await drawer.locator('#code').fill('emergency');
      await page.getByTestId('department-save').click();
      await expect.poll(() => drawer.locator('.ant-form-item-explain-error').innerText()).toContain('代码已被使用');
      await drawer.getByRole('button', { name: /取\s*消/ }).click();

      await row.getByRole('button', { name: /编辑部门/ }).click();
      await drawer.locator('#nameEn').fill('Emergency Bureau');
      await page.getByTestId('department-save').click();
      await expect.poll(() => row.innerText()).toContain('Emergency Bureau');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('reads in English', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'admin', { locale: 'en-US' });
    try {
      await page.goto('/settings/departments');
      await expect.poll(() => page.locator('h1.page-title').innerText()).toBe('Departments');
      await expect.poll(() => page.locator('.ant-table-thead').innerText()).toMatch(/Name[\s\S]*Code[\s\S]*People/);
      expect(CJK.test(await page.locator('.ant-table-thead').innerText())).toBe(false);
      await expect.poll(() => page.locator('.ant-table-tbody').innerText()).toContain('Human Resources and Social Security Bureau');
    } finally {
      await context.close();
    }
  }, 90_000);

  it("a secretary sets a person's department on the people page", async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const users = (await (await page.request.get('/api/users?q=tech&pageSize=50')).json()) as { items: { username: string; displayName: string }[] };
      const tech = users.items.find((u) => u.username === 'tech')!;
      await page.goto('/users?q=tech');
      const picker = page.getByRole('combobox', { name: `${tech.displayName} 的所属部门` });
      await chooseOption(page, selectHolding(page, picker), '市商务局');
      expect(await toast(page)).toContain(`已将 ${tech.displayName} 的所属部门改为“市商务局”`);
      const after = (await (await page.request.get('/api/users/directory')).json()) as { items: { displayName: string; department: { name: string } | null }[] };
      expect(after.items.find((p) => p.displayName === tech.displayName)?.department?.name).toBe('市商务局');
    } finally {
      await context.close();
    }
  }, 90_000);
});
