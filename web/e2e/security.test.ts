/**
 * The built app runs under the server's Content-Security-Policy: every page renders with no
 * policy violation (Ant Design's run-time styles, ECharts' canvases, the live notification
 * stream), the headers are on the app shell, and another site cannot frame it.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signedIn } from './server';

const PAGES = ['/city', '/overview', '/members', '/problems', '/meetings', '/risks', '/chain/map', '/chain/forecast', '/chain/links', '/alliance', '/users', '/audit', '/settings/webhooks', '/settings/calendar'];

describe('content security policy', () => {
  const env = serverAndBrowser();

  it('every page of the admin renders with no CSP violation', async () => {
    const { context, page } = await signedIn(env.browser, env.server, 'admin');
    const problems: string[] = [];
    page.on('console', (m) => {
      // Policy reports, and failed loads (a blocked script or style shows as one).
      if (/Content.Security.Policy|CSP violation|Refused to|Failed to load/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
    });
    try {
      for (const path of PAGES) {
        // A fresh document per page, so the init script and the policy apply from its start.
        await page.goto(path);
        await page.locator('h1.page-title').waitFor({ timeout: 20_000 });
        expect(await page.locator('.ant-result-error, .ant-result-500').count(), path).toBe(0);
        // Ant Design's styles applied (a run-time <style> the policy must allow): the menu is laid out.
        const menuWidth = await page.locator('nav .ant-menu').first().evaluate((el) => el.getBoundingClientRect().width);
        expect(menuWidth, path).toBeGreaterThan(100);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the app shell carries the policy, and another site cannot frame it', async () => {
    const res = await fetch(`${env.server.url}/overview`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const context = await env.browser.newContext();
    const page = await context.newPage();
    try {
      const blocked: string[] = [];
      page.on('console', (m) => blocked.push(m.text()));
      await page.setContent(`<iframe src="${env.server.url}/login" width="400" height="300"></iframe>`);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      // The framed document never becomes the app: its login form is absent.
      const framedForm = frame ? await frame.locator('#username').count().catch(() => 0) : 0;
      expect(framedForm).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
