/**
 * Shared employees through the browser, from a shortage posting to an accepted placement with its
 * agreement downloaded: the tannery (宝瑞皮业-like, its admin made for the test) posts a shortage
 * of QC inspectors; the demo `firm` (the lending firm, which posted surplus QC inspectors) adds a
 * worker to its roster (phone shown masked, revealed on request); the secretary matches the
 * shortage and approves the proposal (its explanation shown); both firms accept; the lending firm
 * names the worker, records the worker's separate consent and the safety training, signs the
 * agreement and downloads it: saved under the server's name, a real .docx (zip "PK").
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, chooseOption, selectHolding, serverAndBrowser, signedIn, type TestServer } from './server';

const TANNERY = '鹿城宝瑞皮业有限公司';
const TANNERY_PASSWORD = 'Tannery2026!';
const WORKER = '吴晓明';
const PHONE = '13600001234';

async function call<T>(page: Page, method: 'get' | 'post', path: string, data?: unknown, headers?: Record<string, string>): Promise<T> {
  const res = method === 'get' ? await page.request.get(path) : await page.request.post(path, { data, headers });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

async function signIn(browser: Browser, server: TestServer, username: string, password: string) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 60_000 });
  await page.locator('main#main').waitFor();
  return { context, page };
}

/** Chooses an option of the Ant Design select holding `selector` by its text, checked at the field. */
async function choose(page: Page, selector: string, text: string) {
  await chooseOption(page, selectHolding(page, selector), text);
}

describe('shared employees in the browser', () => {
  const env = serverAndBrowser();

  it('takes a shortage posting to an accepted placement and downloads its agreement', async () => {
    const admin = await signedIn(env.browser, env.server, 'admin');
    const firm = await signedIn(env.browser, env.server, 'firm');
    const sec = await signedIn(env.browser, env.server, 'secretary');
    const sessions = [admin, firm, sec];
    try {
      for (const s of sessions) s.page.setDefaultTimeout(120_000);
      // Set-up by API: an admin for the tannery; the lending firm's surplus QC inspectors.
      const postings = await call<{ items: { enterprise: { id: number; name: string } }[] }>(sec.page, 'get', '/api/workforce/postings?pageSize=100');
      const tanneryId = postings.items.find((p) => p.enterprise.name === TANNERY)!.enterprise.id;
      await call(admin.page, 'post', '/api/users', { username: 'tannery-admin', displayName: '宝瑞皮业管理员', password: TANNERY_PASSWORD, grants: [{ role: 'enterprise_admin', enterpriseId: tanneryId }] }, { 'Idempotency-Key': 'e2e-tannery-admin' });
      const firmId = (await call<{ enterpriseIds: number[] }>(firm.page, 'get', '/api/session')).enterpriseIds[0]!;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      await call(firm.page, 'post', '/api/workforce/postings', { enterpriseId: firmId, kind: 'surplus', jobType: 'qc_inspector', headcount: 2, startDate: today, endDate: today, skills: ['来料检验'] }, { 'Idempotency-Key': 'e2e-surplus' });
      const tannery = await signIn(env.browser, env.server, 'tannery-admin', TANNERY_PASSWORD);
      sessions.push(tannery);
      tannery.page.setDefaultTimeout(120_000);

      // 1. The tannery posts a shortage: 2 QC inspectors today at 220 yuan a day (sent as fen).
      let page = tannery.page;
      await page.goto('/workforce');
      await page.getByTestId('posting-new').click();
      await page.getByTestId('posting-form').waitFor();
      await choose(page, '#jobType', '质检员');
      await page.locator('#headcount').fill('2');
      await page.locator('#skills').fill('来料检验');
      await page.locator('#skills').press('Enter');
      await page.locator('#skills').press('Escape');
      await page.locator('#wageYuan').fill('220');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/workforce/postings') && r.request().method() === 'POST'),
        page.getByTestId('posting-submit').click(),
      ]);
      expect(created.status(), await created.text()).toBe(201);
      const shortage = (await created.json()) as { id: number; dailyWageFen: number; kind: string };
      expect(shortage).toMatchObject({ kind: 'shortage', dailyWageFen: 22000 });
      await page.locator('[data-testid=postings-table] .ant-table-row', { hasText: '质检员' }).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // 2. The lending firm adds the worker to its roster: the phone is shown masked, revealed on request.
      page = firm.page;
      await page.goto('/workforce');
      await page.getByTestId('worker-new').click();
      await page.locator('#name').fill(WORKER);
      await choose(page, '#jobType', '质检员');
      await page.locator('#phone').fill(PHONE);
      const [worker] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/workforce/workers') && r.request().method() === 'POST'),
        page.getByTestId('worker-submit').click(),
      ]);
      expect(worker.status(), await worker.text()).toBe(201);
      const workerId = ((await worker.json()) as { id: number }).id;
      await page.getByRole('tab', { name: '员工名册' }).click();
      const row = page.locator('[data-testid=roster-table] .ant-table-row', { hasText: WORKER });
      await expect.poll(() => row.innerText()).toContain('136****1234');
      expect(await row.innerText()).not.toContain(PHONE);
      await page.getByTestId(`reveal-phone-${workerId}`).click();
      await expect.poll(() => page.getByTestId(`revealed-phone-${workerId}`).innerText()).toContain(PHONE);
      expect(await axeViolations(page)).toEqual([]);

      // 3. The secretary matches the shortage and approves the proposal, its explanation shown.
      page = sec.page;
      await page.goto('/workforce');
      const [matched] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/workforce/match')),
        page.getByTestId(`match-${shortage.id}`).click(),
      ]);
      expect(matched.status(), await matched.text()).toBe(200);
      const proposal = ((await matched.json()) as { proposals: { id: number; shortageId: number; lender: { id: number }; headcount: number }[] }).proposals.find((p) => p.shortageId === shortage.id)!;
      expect(proposal).toMatchObject({ lender: { id: firmId }, headcount: 2 });
      await page.getByRole('tab', { name: '匹配方案' }).click();
      await expect.poll(() => page.getByTestId(`explanation-${proposal.id}`).innerText()).toContain('来料检验');
      await page.getByTestId(`approve-${proposal.id}`).click();
      await expect.poll(async () => (await call<{ items: { id: number; status: string }[] }>(page, 'get', '/api/workforce/proposals')).items.find((p) => p.id === proposal.id)?.status).toBe('approved');
      expect(await axeViolations(page)).toEqual([]);

      // 4. Both firms accept (the lending firm first, then the tannery).
      for (const s of [firm, tannery]) {
        page = s.page;
        await page.goto('/workforce');
        await page.getByRole('tab', { name: '匹配方案' }).click();
        const [answered] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith(`/api/workforce/proposals/${proposal.id}/answer`)),
          page.getByTestId(`accept-${proposal.id}`).click(),
        ]);
        expect(answered.status(), await answered.text()).toBe(200);
      }
      expect(((await tannery.page.request.get('/api/workforce/proposals')).ok())).toBe(true);
      const accepted = (await call<{ items: { id: number; status: string; acceptedHeadcount: number }[] }>(sec.page, 'get', '/api/workforce/proposals')).items.find((p) => p.id === proposal.id)!;
      expect(accepted).toMatchObject({ status: 'accepted', acceptedHeadcount: 2 });

      // 5. The lending firm names the worker, records consent and training, signs, downloads the agreement.
      page = firm.page;
      const placements = await call<{ items: { id: number; proposalId: number; status: string }[] }>(page, 'get', '/api/workforce/placements?pageSize=100');
      const placement = placements.items.find((p) => p.proposalId === proposal.id)!;
      await page.goto('/workforce');
      await page.getByRole('tab', { name: '借用安排' }).click();
      await page.getByTestId(`placement-${placement.id}`).click();
      await page.getByTestId('placement-drawer').waitFor();
      await choose(page, '#workerId', WORKER);
      await page.getByTestId('placement-consent').check();
      await page.getByTestId('placement-safety').check();
      // The save refreshes the list (the drawer's version) before the next step.
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/workforce/placements/${placement.id}`) && r.request().method() === 'PATCH'),
        page.waitForResponse((r) => r.url().includes('/api/workforce/placements?') && r.request().method() === 'GET'),
        page.getByTestId('placement-save').click(),
      ]);
      expect(saved.status(), await saved.text()).toBe(200);
      expect(await saved.json()).toMatchObject({ workerAssigned: true, safetyTrainingDone: true, worker: { id: workerId, phoneMasked: '136****1234' } });
      const [moved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/workforce/placements/${placement.id}/transition`)),
        page.waitForResponse((r) => r.url().includes('/api/workforce/placements?') && r.request().method() === 'GET'),
        page.getByTestId('move-agreed').click(),
      ]);
      expect(moved.status(), await moved.text()).toBe(200);
      expect(((await moved.json()) as { status: string }).status).toBe('agreed');
      // Checked at rest (not the hover colour of the button just clicked).
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('agreement-download').click()]);
      expect(download.suggestedFilename()).toBe(`共享员工三方协议-${placement.id}.docx`);
      const file = join(mkdtempSync(join(tmpdir(), 'fugong-agreement-')), download.suggestedFilename());
      await download.saveAs(file);
      expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

      // The tannery now sees the worker (consent recorded), masked.
      const seen = await call<{ worker: { name: string; phoneMasked: string } | null; status: string }>(tannery.page, 'get', `/api/workforce/placements/${placement.id}`);
      expect(seen).toMatchObject({ status: 'agreed', worker: { name: WORKER, phoneMasked: '136****1234' } });
    } finally {
      for (const s of sessions) await s.context.close();
    }
  }, 600_000);
  it("lets the secretary change the lending rules and retention (version checked); a firm sees no settings", async () => {
    const sec = await signedIn(env.browser, env.server, 'secretary');
    const firm = await signedIn(env.browser, env.server, 'firm');
    try {
      for (const s of [sec, firm]) s.page.setDefaultTimeout(120_000);
      const page = sec.page;
      const settingsTab = () => page.getByRole('tab', { name: '规则设置' });
      await page.goto('/workforce');
      await settingsTab().click();
      await page.getByTestId('settings-form').waitFor();
      await expect.poll(() => page.locator('#retentionDays').inputValue()).toBe('180');
      // The template's placeholders are listed, and the preview shows them by name.
      expect(await page.getByTestId('settings-placeholders').innerText()).toContain('{{lender}}');
      await page.getByTestId('settings-preview').click();
      expect(await page.getByTestId('settings-preview-text').innerText()).toContain('【借出企业】');
      // A value out of range is refused in the browser, with its message.
      await page.locator('#retentionDays').fill('5000');
      await page.getByTestId('settings-save').click();
      await expect.poll(() => page.locator('.ant-form-item', { has: page.locator('#retentionDays') }).locator('.ant-form-item-explain-error').innerText()).toContain('不能大于 3650');

      await page.locator('#retentionDays').fill('90');
      await page.locator('#maxLendPct').fill('30');
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/workforce/settings') && r.request().method() === 'PATCH'),
        page.getByTestId('settings-save').click(),
      ]);
      expect(saved.status(), await saved.text()).toBe(200);
      // Only the fields changed, with the version read.
      expect(saved.request().postDataJSON()).toEqual({ retentionDays: 90, maxLendPct: 30, version: 1 });
      expect(await saved.json()).toMatchObject({ retentionDays: 90, maxLendPct: 30, version: 2 });
      await page.locator('.ant-message', { hasText: '设置已保存' }).waitFor();
      await page.mouse.move(0, 0);
      expect(await axeViolations(page)).toEqual([]);

      // Someone else saves meanwhile: this form's save answers 409 and offers to reload.
      const other = await page.request.patch('/api/workforce/settings', { data: { allowCity: true, version: 2 } });
      expect(other.status(), await other.text()).toBe(200);
      await page.locator('#retentionDays').fill('100');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/workforce/settings') && r.request().method() === 'PATCH'),
        page.getByTestId('settings-save').click(),
      ]);
      expect(refused.status()).toBe(409);
      await page.getByTestId('settings-reload').click();
      await expect.poll(() => page.locator('#retentionDays').inputValue()).toBe('90');
      await expect.poll(() => page.locator('#allowCity').getAttribute('aria-checked')).toBe('true');

      // A reload shows the saved values.
      await page.reload();
      await settingsTab().click();
      await expect.poll(() => page.locator('#retentionDays').inputValue()).toBe('90');
      expect(await page.locator('#maxLendPct').inputValue()).toBe('30');

      // A firm's user sees the shared-employee tabs but no settings, and may not change them.
      await firm.page.goto('/workforce');
      await firm.page.getByRole('tab', { name: '借用安排' }).waitFor();
      expect(await firm.page.getByRole('tab', { name: '规则设置' }).count()).toBe(0);
      const denied = await firm.page.request.patch('/api/workforce/settings', { data: { retentionDays: 1, version: 3 } });
      expect(denied.status()).toBe(403);
    } finally {
      await sec.context.close();
      await firm.context.close();
    }
  }, 600_000);
});
