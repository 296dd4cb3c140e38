import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signedIn } from './server';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('daily report on a phone', () => {
  const env = serverAndBrowser();

  it('firm files today’s report at 360×740, with a blocker and its note', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'firm', { width: 360, height: 740 });
    try {
      await page.goto('/report');
      const submit = page.getByTestId('report-submit');
      await submit.waitFor();
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const session = (await (await page.request.get('/api/session')).json()) as { enterpriseIds: number[] };
      const id = session.enterpriseIds[0];
      const before = (await (await page.request.get(`/api/enterprises/${id}/reports?from=${today()}&to=${today()}`)).json()) as { items: { version: number }[] };

      await page.locator('#outputPct').fill('63');
      await page.locator('#capacityPct').fill('88');
      await page.locator('#staffTotal').fill('40');
      await page.locator('#staffOnDuty').fill('50');
      await submit.click();
      // Validated in the browser with the server's rule: on duty cannot exceed the total.
      const dutyItem = page.locator('.ant-form-item').filter({ has: page.locator('#staffOnDuty') });
      await expect.poll(() => dutyItem.locator('.ant-form-item-explain-error').textContent()).toContain('在岗人数不能超过职工总数');
      await page.locator('#staffOnDuty').fill('31');
      await page.getByText('全面复工').click();
      const equipment = page.getByTestId('blocker-equipment');
      if (!(await equipment.locator('[role=switch]').isChecked())) await equipment.locator('[role=switch]').click();
      await equipment.locator('textarea').fill('空压机待修');
      await submit.click();

      const result = page.locator('.ant-result-success');
      await result.waitFor({ timeout: 20_000 });
      expect(await result.textContent()).toMatch(new RegExp(`${today()} 日报已(提交|修改)`));

      const after = (await (await page.request.get(`/api/enterprises/${id}/reports?from=${today()}&to=${today()}`)).json()) as {
        items: { outputPct: number; capacityPct: number; staffOnDuty: number; staffTotal: number; stage: string; blockers: { category: string; note: string }[]; version: number }[];
      };
      expect(after.items).toHaveLength(1);
      const r = after.items[0];
      expect(r).toMatchObject({ outputPct: 63, capacityPct: 88, staffOnDuty: 31, staffTotal: 40, stage: 'full' });
      expect(r.blockers).toContainEqual({ category: 'equipment', note: '空压机待修' });
      // An existing report for today is edited (its version goes up), never duplicated.
      expect(r.version).toBe((before.items[0]?.version ?? 0) + 1);

      // Editing again starts from what was just saved.
      await page.getByRole('button', { name: /继续修改/ }).click();
      await expect.poll(() => page.locator('#outputPct').inputValue()).toBe('63');
      await page.locator('.ant-tag', { hasText: `第 ${r.version} 版` }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
