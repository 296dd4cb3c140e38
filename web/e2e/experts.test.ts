/**
 * One problem from a firm's report to a rated on-site visit, through the browser, signed in as the
 * firm, the handler (the alliance's secretary) and the volunteer expert in turn: the firm reports an
 * equipment problem, the secretary asks for an expert and proposes the demo expert from the ranking,
 * the expert accepts and answers online, the firm replies (seen live by the expert), the secretary
 * schedules a visit for today, the expert checks in and reports, the firm rates the help and the
 * secretary closes the consultation, which resolves the problem.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, selectHolding, serverAndBrowser, signedIn } from './server';

const TITLE = '注塑机保压不足，产品缩痕严重';
const EXPERT_SAYS = '请先检查保压压力与保压时间，并拍一张缩痕位置的照片';
const FIRM_SAYS = '保压时间已调到3秒，缩痕仍在，照片稍后上传';

const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function json<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

describe('volunteer experts in the browser', () => {
  const env = serverAndBrowser();

  it('takes one problem from the firm’s report through an online consultation to a rated on-site visit', async () => {
    const firm = await signedIn(env.browser, env.server, 'firm');
    const secretary = await signedIn(env.browser, env.server, 'secretary');
    const expert = await signedIn(env.browser, env.server, 'expert');
    const admin = await signedIn(env.browser, env.server, 'admin');
    // The machine may be busy: generous waits, same steps.
    for (const s of [firm, secretary, expert, admin]) s.page.setDefaultTimeout(120_000);
    try {
      // Set-up: the visit is today, so today must be a working day the expert is available on
      // (the platform admin marks an adjusted working day when the test runs on a day off).
      const today = shanghaiToday();
      const cal = await json<{ days: { isWorkday: boolean }[] }>(admin.page, `/api/calendar?from=${today}&to=${today}`);
      if (!cal.days[0]!.isWorkday) {
        const weekend = [0, 6].includes(new Date(`${today}T00:00:00Z`).getUTCDay());
        const res = await admin.page.request.put('/api/calendar/days', { data: { days: [{ date: today, kind: weekend ? 'workday' : 'ordinary' }] } });
        expect(res.status(), await res.text()).toBe(200);
      }
      const me = await json<{ user: { id: number; displayName: string }; version: number }>(expert.page, '/api/experts/me');
      const allDays = await expert.page.request.patch('/api/experts/me', { data: { availability: [0, 1, 2, 3, 4, 5, 6], version: me.version } });
      expect(allDays.status(), await allDays.text()).toBe(200);

      // 1. The firm reports an equipment problem.
      let page = firm.page;
      await page.goto('/problems');
      await page.getByTestId('ticket-create').click();
      await chooseOption(page, selectHolding(page, '#category'), '设备');
      await page.locator('#title').fill(TITLE);
      await page.locator('#description').fill('注塑机保压阶段压力上不去，外壳件表面缩痕，不良率三成。');
      await page.getByTestId('ticket-submit').click();
      await page.waitForURL(/\/problems\/\d+$/, { timeout: 20_000 });
      const ticketId = Number(new URL(page.url()).pathname.split('/').pop());

      // 2. The secretary asks for an expert: the problem is proposed (★, an equipment problem).
      page = secretary.page;
      await page.goto('/consultations');
      await page.getByTestId('request-experts').waitFor();
      await page.locator('#ticketId').click();
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `#${ticketId} ` });
      expect(await option.textContent()).toContain('★');
      await chooseOption(page, selectHolding(page, '#ticketId'), `#${ticketId} `);
      await page.locator('#machine').fill('海天 MA1600 注塑机');
      await page.locator('#symptoms').fill('保压压力不足，产品缩痕');
      await page.getByTestId('request-experts').click();
      await page.locator('.ant-list-item a', { hasText: TITLE }).click();
      await page.waitForURL(/\/consultations\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      // The ranking shows its reasons; the demo expert (injection moulding) is proposed.
      const row = page.locator('.ant-table-row', { hasText: me.user.displayName });
      await row.waitFor();
      expect(await row.textContent()).toContain('注塑');
      await row.locator('input[type=checkbox]').check();
      await page.getByTestId('save-experts').click();
      await expect.poll(async () => (await json<{ experts: { user: { id: number }; status: string }[] }>(page, `/api/consultations/${id}`)).experts.map((e) => [e.user.id, e.status]), { timeout: 60_000, interval: 500 }).toEqual([[me.user.id, 'proposed']]);
      await page.mouse.move(0, 0); // a hovered button is not what a reader sees at rest
      expect(await axeViolations(page)).toEqual([]);

      // 3. The expert finds it waiting for an answer, accepts and writes first.
      page = expert.page;
      await page.goto('/consultations');
      await page.getByTestId(`consultation-${id}`).locator('a', { hasText: TITLE }).click();
      await page.getByTestId('accept-case').click();
      await page.getByTestId('message-input').waitFor();
      await page.getByTestId('message-input').fill(EXPERT_SAYS);
      await page.getByTestId('send-message').click();
      await page.locator('[data-testid=message]', { hasText: EXPERT_SAYS }).waitFor();
      // The expert's page is connected to the conversation's live stream (no polling while it is).
      await expect.poll(async () => page.getByTestId('conversation-live').textContent(), { timeout: 60_000, interval: 500 }).toBe('实时');

      // 4. The firm reads it in its consultation and replies; the expert sees the reply.
      page = firm.page;
      await page.goto(`/consultations/${id}`);
      await page.locator('[data-testid=message]', { hasText: EXPERT_SAYS }).waitFor();
      await page.getByTestId('message-input').fill(FIRM_SAYS);
      await page.getByTestId('send-message').click();
      await page.locator('[data-testid=message]', { hasText: FIRM_SAYS }).waitFor();
      await expert.page.locator('[data-testid=message]', { hasText: FIRM_SAYS }).waitFor({ timeout: 120_000 });

      // 5. The secretary watches the conversation and schedules a visit for today.
      page = secretary.page;
      await page.goto(`/consultations/${id}`);
      await page.locator('[data-testid=message]', { hasText: FIRM_SAYS }).waitFor();
      await page.getByTestId('visit-date').click();
      await page.keyboard.type(today);
      await page.keyboard.press('Enter');
      await page.getByTestId('schedule-visit').click();
      await page.locator('[data-testid^=visit-]', { hasText: today }).waitFor();

      // 6. The expert checks in on site and writes the report (exported as .docx).
      page = expert.page;
      await page.goto(`/consultations/${id}`);
      await page.getByTestId('check-in').click();
      await page.getByTestId('report-findings').fill('保压阀芯磨损，保压压力只到设定值六成');
      await page.getByTestId('save-report').click();
      const docx = page.locator('a[href$="report.docx"]').first();
      await docx.waitFor();
      const download = await page.request.get((await docx.getAttribute('href'))!);
      expect(download.status()).toBe(200);
      expect((await download.body()).subarray(0, 2).toString()).toBe('PK');

      // 7. The firm rates the help.
      page = firm.page;
      await page.goto(`/consultations/${id}`);
      await page.getByTestId('rate-help').click();
      await expect.poll(async () => (await json<{ rating: number | null }>(page, `/api/consultations/${id}`)).rating, { timeout: 60_000, interval: 500 }).toBe(5);

      // 8. The secretary closes the consultation: the problem is resolved.
      page = secretary.page;
      await page.goto(`/consultations/${id}`);
      await page.getByTestId('close-consultation').click();
      await expect.poll(async () => (await json<{ status: string }>(page, `/api/consultations/${id}`)).status, { timeout: 60_000, interval: 500 }).toBe('closed');
      expect((await json<{ status: string }>(page, `/api/tickets/${ticketId}`)).status).toBe('resolved');
      const visits = (await json<{ visits: { status: string; report: { findings: string } | null }[] }>(page, `/api/consultations/${id}`)).visits;
      expect(visits).toMatchObject([{ status: 'reported', report: { findings: '保压阀芯磨损，保压压力只到设定值六成' } }]);
    } finally {
      for (const s of [firm, secretary, expert, admin]) await s.context.close();
    }
  }, 900_000);
});
