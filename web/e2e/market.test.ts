/**
 * 订单共商 in the browser: a firm posts an order it cannot fill, another member firm quotes,
 * the poster splits the order in the split editor (prefilled with the cheapest split, sum checked
 * against the order) and records the deliveries until the order is complete.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, PASSWORD, serverAndBrowser, signedIn } from './server';

const TIMEOUT = 90_000;

describe('orders passed among members', () => {
  const env = serverAndBrowser();

  it('post an order → quote → split → deliveries recorded', async () => {
    const admin = await signedIn(env.browser, env.server, 'admin');
    const firm = await signedIn(env.browser, env.server, 'firm');
    let quoter: Awaited<ReturnType<typeof signedIn>> | null = null;
    try {
      // A second member firm's account, to quote.
      const f = firm.page;
      const firmId = ((await (await f.request.get('/api/session')).json()) as { enterpriseIds: number[] }).enterpriseIds[0]!;
      const sec = await signedIn(env.browser, env.server, 'secretary');
      const members = (await (await sec.page.request.get('/api/enterprises?pageSize=50')).json()) as { items: { id: number }[] };
      await sec.context.close();
      const quoterFirm = members.items.find((e) => e.id !== firmId)!.id;
      const created = await admin.page.request.post('/api/users', {
        headers: { 'Idempotency-Key': `e2e-quoter-${Date.now()}` },
        data: { username: 'quoter-e2e', displayName: '报价企业管理员', password: PASSWORD, grants: [{ role: 'enterprise_admin', enterpriseId: quoterFirm }] },
      });
      expect(created.status(), await created.text()).toBe(201);

      // The firm posts an order of 100 pairs it cannot fill.
      await f.goto('/market?tab=orders');
      await f.locator('h1.page-title').waitFor();
      await f.getByRole('button', { name: '发布订单' }).click();
      const drawer = f.locator('.ant-drawer-open');
      await drawer.locator('#title').fill('浏览器测试转包订单');
      await drawer.locator('#item').fill('男式皮鞋鞋面');
      await drawer.locator('#count').fill('100');
      const [posted] = await Promise.all([f.waitForResponse((r) => r.url().endsWith('/api/market/orders') && r.request().method() === 'POST', { timeout: TIMEOUT }), drawer.getByRole('button', { name: /^保\s?存$/ }).click()]);
      expect(posted.status()).toBe(201);
      const orderId = ((await posted.json()) as { id: number }).id;

      // The other firm quotes 60 pairs at ¥31.50.
      quoter = await signedIn(env.browser, env.server, 'quoter-e2e');
      const q = quoter.page;
      await q.goto('/market?tab=orders');
      const qRow = q.locator('tr', { hasText: '浏览器测试转包订单' }).first();
      await qRow.locator('.ant-table-row-expand-icon').click();
      await q.locator('#count').fill('60');
      await q.locator('#price').fill('31.5');
      await q.locator('#deliveryDate').fill('2026-12-30');
      // The typed date moves the open calendar to its month; picking its cell commits it without submitting the form.
      await q.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) td[title="2026-12-30"]').click();
      await expect.poll(() => q.locator('#deliveryDate').inputValue()).toBe('2026-12-30');
      const [quoted] = await Promise.all([
        q.waitForResponse((r) => r.url().endsWith(`/api/market/orders/${orderId}/quotes`), { timeout: TIMEOUT }),
        q.getByRole('button', { name: /^报\s?价$/ }).click(),
      ]);
      expect(quoted.status(), await quoted.text()).toBe(201);

      // The poster splits: the editor starts from the cheapest split (the one quote, 60 of 100).
      await f.reload();
      const fRow = f.locator('tr', { hasText: '浏览器测试转包订单' }).first();
      await fRow.locator('.ant-table-row-expand-icon').click();
      const editor = f.getByTestId(`split-editor-${orderId}`);
      await editor.waitFor({ timeout: TIMEOUT });
      await expect.poll(() => editor.getByTestId('split-sum').innerText(), { timeout: TIMEOUT }).toContain('60 / 订单 100');
      expect(await axeViolations(f)).toEqual([]);
      const input = editor.locator('input.ant-input-number-input').first();
      await input.fill('50');
      await expect.poll(() => editor.getByTestId('split-sum').innerText()).toContain('50 / 订单 100');
      const [split] = await Promise.all([f.waitForResponse((r) => r.url().endsWith(`/api/market/orders/${orderId}/split`), { timeout: TIMEOUT }), editor.getByRole('button', { name: '确认分单' }).click()]);
      expect(split.status(), await split.text()).toBe(200);
      expect(((await split.json()) as { status: string; quotes: { awardedCount: number }[] })).toMatchObject({ status: 'split', quotes: [{ awardedCount: 50 }] });

      // Deliveries: 20 pairs, then the remaining 30; the order is complete. (A button that was busy
      // keeps its spinner's "loading" label in the DOM after it leaves, so its name only ends in 登记.)
      const recorder = f.getByTestId(`delivery-recorder-${orderId}`);
      await recorder.waitFor({ timeout: TIMEOUT });
      expect(await axeViolations(f)).toEqual([]);
      const record = async (count: string) => {
        await recorder.locator('input.ant-input-number-input').first().fill(count);
        const [res] = await Promise.all([f.waitForResponse((r) => r.url().endsWith(`/api/market/orders/${orderId}/deliveries`), { timeout: TIMEOUT }), recorder.getByRole('button', { name: /登\s?记$/ }).first().click()]);
        expect(res.status(), await res.text()).toBe(201);
        return (await res.json()) as { status: string; quotes: { deliveredCount: number }[] };
      };
      expect((await record('20')).quotes[0]!.deliveredCount).toBe(20);
      await expect.poll(() => recorder.innerText(), { timeout: TIMEOUT }).toContain('待交付 30');
      const done = await record('30');
      expect(done).toMatchObject({ status: 'completed', quotes: [{ deliveredCount: 50 }] });
      await recorder.waitFor({ state: 'detached', timeout: TIMEOUT });
    } finally {
      await admin.context.close();
      await firm.context.close();
      await quoter?.context.close();
    }
  }, 240_000);
});
