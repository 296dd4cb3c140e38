import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, computeCheckChar, makeCreditCode } from '../../server/domain/credit-code';
import { chooseOption, ROOT, selectHolding, serverAndBrowser, signedIn } from './server';

/** A wrong check character for `first17` (any symbol but the right one). */
function wrongCode(first17: string): { bad: string; expected: string } {
  const expected = computeCheckChar(first17);
  const wrong = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(expected) + 1) % CREDIT_CODE_ALPHABET.length];
  return { bad: first17 + wrong, expected };
}

describe('member registry in the browser', () => {
  const env = serverAndBrowser();

  it('shows the members table and saves docs/screenshots/members.png', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/members');
      await page.locator('.ant-table-row').first().waitFor();
      expect(await page.locator('.ant-table-row').count()).toBe(20);
      // Filtering goes into the query string and the server answers with fewer rows.
      await chooseOption(page, selectHolding(page, page.getByRole('combobox', { name: '今日复工阶段' })), '今日未报');
      await page.waitForURL(/stage=none/);
      await page.getByRole('combobox', { name: '今日复工阶段' }).press('Escape');
      await page.goto('/members');
      await page.locator('.ant-table-row').first().waitFor();
      await page.waitForTimeout(600); // let fonts and tags settle
      mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'docs/screenshots/members.png') });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('rejects a bad credit code next to the field (in the browser), then saves the fixed one', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      await page.goto('/members');
      await page.getByRole('button', { name: /新增企业/ }).click();
      const drawer = page.locator('.ant-drawer-section');
      await drawer.waitFor();
      const first17 = '91330302MA2E2E' + String(Date.now() % 1000).padStart(3, '0');
      const { bad, expected } = wrongCode(first17);
      await drawer.locator('#name').fill('温州市鹿城区测试鞋业有限公司');
      await drawer.locator('#creditCode').fill(bad);
      await drawer.locator('#creditCode').blur();
      const creditItem = drawer.locator('.ant-form-item').filter({ has: page.locator('#creditCode') });
      await expect.poll(() => creditItem.locator('.ant-form-item-explain-error').textContent(), { timeout: 10_000 }).toContain(`应为 ${expected}`);

      await chooseOption(page, selectHolding(drawer, '#districtCode'), '鹿城区');
      await chooseOption(page, selectHolding(drawer, '#industry'), '制造业');
      await drawer.locator('#headcount').fill('120');
      await drawer.locator('[id="contacts_0_name"]').fill('陈经理');
      await drawer.locator('[id="contacts_0_phone"]').fill('0577-88886666');

      // Saving with the bad code is refused in the browser: nothing reaches the server.
      await page.getByTestId('enterprise-save').click();
      await expect.poll(() => creditItem.locator('.ant-form-item-explain-error').textContent()).toContain(expected);

      await drawer.locator('#creditCode').fill(makeCreditCode(first17).toLowerCase());
      await expect.poll(() => creditItem.locator('.ant-form-item-explain-error').count()).toBe(0);
      // The server's answer is awaited and checked (a loaded machine may take a while), then the page it leads to.
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/enterprises', { timeout: 60_000 }),
        page.getByTestId('enterprise-save').click(),
      ]);
      expect(created.status(), await created.text()).toBe(201);
      await page.waitForURL(/\/members\/\d+$/, { timeout: 30_000 });
      await expect.poll(() => page.locator('h1.page-title').textContent(), { timeout: 15_000 }).toBe('温州市鹿城区测试鞋业有限公司');
      await expect.poll(() => page.locator('.ant-descriptions').first().textContent()).toContain(makeCreditCode(first17));
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows the server’s field error next to the field (credit code already registered)', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const existing = (await (await page.request.get('/api/enterprises?pageSize=1')).json()) as { items: { creditCode: string }[] };
      await page.goto('/members');
      await page.getByRole('button', { name: /新增企业/ }).click();
      const drawer = page.locator('.ant-drawer-section');
      await drawer.locator('#name').fill('重复代码测试有限公司');
      await drawer.locator('#creditCode').fill(existing.items[0].creditCode);
      await chooseOption(page, selectHolding(drawer, '#districtCode'), '鹿城区');
      await chooseOption(page, selectHolding(drawer, '#industry'), '制造业');
      await drawer.locator('#headcount').fill('12');
      await drawer.locator('[id="contacts_0_name"]').fill('王五');
      // The server's answer is awaited (a loaded machine may take a while), then read at the field.
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/enterprises', { timeout: 60_000 });
      await page.getByTestId('enterprise-save').click();
      const res = await answer;
      expect(res.status(), await res.text()).toBe(409);
      const creditItem = drawer.locator('.ant-form-item').filter({ has: page.locator('#creditCode') });
      await expect.poll(() => creditItem.locator('.ant-form-item-explain-error').allTextContents(), { timeout: 20_000 }).toEqual([expect.stringContaining('已登记')]);
    } finally {
      await context.close();
    }
  }, 150_000);

  it('imports an Excel file: the dry run shows the bad row and nothing is saved', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const tag = `导入测试${Date.now() % 100000}`;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('成员企业');
      ws.addRow(['企业名称', '统一社会信用代码', '行业门类', '区县代码', '职工人数', '主要产品', '地址', '年产值（元）', '联系人', '联系电话']);
      ws.addRow([`${tag}皮革有限公司`, makeCreditCode('91330302MA2F3G4H1'), 'C', '330302', 40, '皮革', '产业园1号', 5000000, '李四', '13800000000']);
      ws.addRow([`${tag}鞋材有限公司`, wrongCode('91330302MA2F3G4H2').bad, 'C', '330302', 25, '鞋材', '产业园2号', '', '', '']);
      const buffer = Buffer.from(await wb.xlsx.writeBuffer());

      const before = (await (await page.request.get(`/api/enterprises?q=${encodeURIComponent(tag)}`)).json()) as { total: number };
      expect(before.total).toBe(0);

      await page.goto('/members');
      await page.getByRole('button', { name: /Excel 导入/ }).click();
      await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'members.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
      const errors = page.getByTestId('import-errors');
      await errors.waitFor({ timeout: 20_000 });
      const row = errors.locator('.ant-table-row').first();
      const text = await row.textContent();
      expect(text).toMatch(/^3/);
      expect(text).toContain('统一社会信用代码');
      expect(text).toContain('校验位');
      expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);

      const after = (await (await page.request.get(`/api/enterprises?q=${encodeURIComponent(tag)}`)).json()) as { total: number };
      expect(after.total).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('imports a CSV of a few thousand rows and shows the server\'s progress, from the check to done', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'secretary');
    try {
      const N = 3_000;
      const stamp = Date.now() % 100_000;
      const tag = `进度导入${stamp}`;
      const base = (Date.now() % 900) * 10_000;
      const header = '企业名称,统一社会信用代码,行业门类,区县代码,职工人数,主要产品,地址,年产值（元）,联系人,联系电话';
      const lines = Array.from({ length: N }, (_, i) => `${tag}第${i + 1}号有限公司,${makeCreditCode(`91330302MB${String(base + i).padStart(7, '0')}`)},C,330302,${10 + (i % 90)},鞋材,产业园${i + 1}号,,,`);
      const buffer = Buffer.from(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`, 'utf8');

      // The order the page asks in: the progress stream must be open before each upload.
      const asked: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/enterprises/import')) asked.push(`${r.method()} ${u.pathname}${u.search}`);
      });
      await page.goto('/members');
      await page.getByRole('button', { name: /Excel 导入/ }).click();
      await page.locator('.ant-modal input[type=file]').waitFor({ state: 'attached' });
      // Every phase and count the progress element shows, however briefly (read from the
      // mutation records, so an element removed in the same task is still seen).
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { importProgress: string[] }).importProgress = seen;
        const note = (el: Element | null) => {
          if (!el) return;
          const entry = `${el.getAttribute('data-phase')}|${el.querySelector('[data-testid=import-progress-counts]')?.textContent ?? ''}`;
          if (seen.at(-1) !== entry) seen.push(entry);
        };
        const find = (n: Node | null): Element | null => {
          const el = n instanceof Element ? n : (n?.parentElement ?? null);
          return el?.closest('[data-testid=import-progress]') ?? el?.querySelector('[data-testid=import-progress]') ?? null;
        };
        new MutationObserver((records) => {
          for (const r of records) {
            note(find(r.target));
            r.addedNodes.forEach((n) => note(find(n)));
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer });
      await page.getByTestId('import-progress').waitFor({ timeout: 30_000 });
      await page.getByTestId('import-result').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('import-result').textContent()).toContain(`${N} 行全部通过检查`);
      await expect.poll(() => page.getByTestId('import-confirm').isEnabled(), { timeout: 10_000 }).toBe(true);
      await page.getByTestId('import-confirm').click();
      await page.locator('.ant-message').getByText(`已导入 ${N} 家企业`).waitFor({ timeout: 120_000 });
      await page.locator('.ant-modal').waitFor({ state: 'hidden', timeout: 10_000 });

      const shown = await page.evaluate(() => (window as unknown as { importProgress: string[] }).importProgress);
      const phases = shown.map((s) => s.split('|')[0]);
      // The check reads and checks; the import also saves, and the bar ends at done with every row.
      expect(phases).toContain('checking');
      expect(phases).toContain('saving');
      expect(shown).toContain(`done|${N.toLocaleString('zh-CN')} / ${N.toLocaleString('zh-CN')} 行`);
      expect(phases.indexOf('saving')).toBeLessThan(phases.lastIndexOf('done'));
      // Each upload named a token whose stream was opened first.
      const uploads = asked.filter((a) => a.startsWith('POST'));
      expect(uploads).toHaveLength(2);
      for (const u of uploads) {
        const token = new URL(u.split(' ')[1]!, 'http://x').searchParams.get('progress');
        expect(token).toMatch(/^[0-9a-f]{32}$/);
        const stream = asked.indexOf(`GET /api/enterprises/import/progress?token=${token}`);
        expect(stream).toBeGreaterThanOrEqual(0);
        expect(stream).toBeLessThan(asked.indexOf(u));
      }

      const after = (await (await page.request.get(`/api/enterprises?q=${encodeURIComponent(tag)}&pageSize=1`)).json()) as { total: number };
      expect(after.total).toBe(N);
    } finally {
      await context.close();
    }
  }, 300_000);
});
