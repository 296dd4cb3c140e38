/**
 * 防控共抓 in the browser: a firm fills the self-inspection form (phone-friendly, one row per item
 * of the current standard) with a failed item and a photo; the failed item becomes a problem the
 * firm finds in its problems list, and the inspection keeps its version.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, serverAndBrowser, signedIn } from './server';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('joint prevention', () => {
  const env = serverAndBrowser();

  it('a firm submits a self-inspection with a failed item, and the problem appears in its list', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'firm');
    try {
      await page.goto('/prevention');
      await page.locator('h1.page-title').waitFor();
      await page.getByTestId('inspection-list').waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByTestId('inspection-create').click();
      const form = page.getByTestId('inspection-form');
      await form.waitFor();
      // The one published standard is chosen; its items appear.
      const items = form.getByTestId('inspection-item');
      await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(4);
      expect(await axeViolations(page)).toEqual([]);
      for (let k = 0; k < 4; k++) {
        await items.nth(k).getByText(k === 1 ? '不符合' : '符合', { exact: true }).click();
      }
      await items.nth(1).locator('input[type=text]').fill('消毒记录缺失两天');
      await form.locator('input[type=file]').setInputFiles({ name: 'disinfection.png', mimeType: 'image/png', buffer: PNG });

      const submitted = page.waitForResponse((r) => r.url().endsWith('/api/prevention/inspections') && r.request().method() === 'POST', { timeout: 30_000 });
      const uploaded = page.waitForResponse((r) => r.url().includes('/api/files?ownerType=prevention_inspection') && r.request().method() === 'POST', { timeout: 30_000 });
      await page.getByTestId('inspection-submit').click();
      const res = await submitted;
      expect(res.status()).toBe(201);
      const inspection = (await res.json()) as { id: number; failedCount: number; standard: { versionNumber: number }; answers: { ticketId: number | null }[] };
      expect(inspection.failedCount).toBe(1);
      expect(inspection.standard.versionNumber).toBe(1);
      expect((await uploaded).status()).toBe(201);
      const ticketId = inspection.answers[1]!.ticketId!;
      expect(ticketId).toBeGreaterThan(0);

      // The inspection is listed; its failed item links to the problem.
      await expect.poll(() => page.getByTestId('inspection-list').innerText(), { timeout: 20_000 }).toContain('企业复工防疫自查标准');

      // The problem is in the firm's problems list, led by the prevention group.
      await page.goto('/problems');
      await page.locator('h1.page-title').waitFor();
      await expect.poll(() => page.locator('.ant-table-tbody').innerText(), { timeout: 20_000 }).toContain('车间、食堂、宿舍每日消毒并记录');
      const ticket = (await (await page.request.get(`/api/tickets/${ticketId}`)).json()) as { category: string; leadGroup: string };
      expect(ticket).toMatchObject({ category: 'prevention', leadGroup: 'prevention' });
    } finally {
      await context.close();
    }
  }, 180_000);
});
