import { describe, expect, it } from 'vitest';
import { menuLabels, serverAndBrowser, signedIn } from './server';

/** What each demo person's side menu offers (driven by the session's permissions). */
const MENUS: Record<string, string[]> = {
  admin: ['全市大屏', '复工总览', '成员企业', '问题帮办', '专家会诊', '专家库', '联席会议', '日报周报', '风险防控', '红色团购', '政策库', '政策兑现', '资源共济', '防控共抓', '共享员工', '联盟概况', '入盟管理', '人员管理', '操作日志', '群机器人', '工作日历', '政府部门'],
  secretary: ['复工总览', '成员企业', '问题帮办', '专家会诊', '专家库', '联席会议', '日报周报', '风险防控', '红色团购', '政策库', '政策兑现', '资源共济', '防控共抓', '共享员工', '联盟概况', '人员管理', '操作日志', '群机器人'],
  tech: ['复工总览', '成员企业', '问题帮办', '专家会诊', '专家库', '联席会议', '日报周报', '风险防控', '红色团购', '政策库', '政策兑现', '资源共济', '防控共抓', '共享员工', '联盟概况'],
  commissioner: ['复工总览', '我的驻企', '成员企业', '复工日报', '问题帮办', '专家会诊', '专家库', '联席会议', '日报周报', '风险防控', '红色团购', '政策库', '政策兑现', '资源共济', '防控共抓', '共享员工', '联盟概况'],
  expert: ['我的会诊', '专家档案', '问题帮办', '联席会议', '联盟概况'],
  // The firm's admin answers join requests and keeps the firm's accounts.
  firm: ['复工日报', '本企业', '我的问题', '专家会诊', '红色团购', '政策库', '政策兑现', '资源共济', '防控共抓', '共享员工', '供应关系', '联盟概况', '入盟管理', '人员管理'],
  staff: ['复工日报', '本企业', '我的问题', '专家会诊', '红色团购', '政策库', '政策兑现', '资源共济', '防控共抓', '共享员工', '供应关系', '联盟概况'],
};

describe('signing in as each demo role', () => {
  const env = serverAndBrowser();

  for (const [username, expected] of Object.entries(MENUS)) {
    it(`${username} sees only their menu`, async () => {
      const { context, page } = await signedIn(env.browser, env.server, username);
      try {
        expect(await menuLabels(page)).toEqual(expected);
        // They land on the first page of their menu, which renders without an error state.
        await page.locator('h1.page-title').waitFor();
        expect(await page.locator('.ant-result-error, .ant-result-500, .ant-result-403').count()).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('a page outside the menu answers "not found", and signing out returns to the login page', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'firm');
    try {
      // (The firm's admin keeps its firm's accounts on /users; the audit log is not theirs.)
      await page.goto('/audit');
      await expect(page.locator('.ant-result-404').textContent()).resolves.toContain('不存在');
      await page.getByTestId('user-menu').click();
      await page.getByText('退出登录').click();
      await page.waitForURL('**/login');
      const res = await page.request.get('/api/session');
      expect(res.status()).toBe(401);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('wrong password shows a translated error and the request id', async () => {
    const context = await env.browser.newContext({ baseURL: env.server.url });
    const page = await context.newPage();
    try {
      await page.goto('/login');
      await page.locator('#username').fill('secretary');
      await page.locator('#password').fill('not-the-password');
      await page.locator('button[type=submit]').click();
      const alert = page.getByRole('alert');
      await expect(alert.first().textContent()).resolves.toContain('用户名或密码错误');
      // The request id's part of the alert loads with the error screen (lazy), so wait for it.
      await alert.filter({ hasText: '请求编号' }).first().waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  }, 60_000);
});
