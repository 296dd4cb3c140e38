/**
 * Cross-site request refusal on every state-changing route of the OpenAPI document, and the
 * security headers on API and web app responses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json, multipartFile, routesFromOpenApi } from '../../test/helpers';

const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];
const EVIL = 'https://evil.example';

describe.each(DIALECTS)('cross-site requests (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let routes: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    routes = routesFromOpenApi(json(await t.call('GET', '/api/openapi.json'))).filter((r) => STATE_CHANGING.includes(r.split(' ')[0]!));
  });
  afterAll(async () => {
    await t?.close();
  });

  const concrete = (path: string) => path.replace(/:(\w+)/g, '1');
  const auditCount = async () => Number((await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('covers a real set of routes, the two multipart imports among them', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toEqual(expect.arrayContaining(['POST /api/enterprises/import', 'POST /api/chain/links/import', 'POST /api/session', 'DELETE /api/session']));
  });

  for (const headers of [
    { 'sec-fetch-site': 'cross-site', origin: EVIL },
    { 'sec-fetch-site': 'same-site', origin: 'https://other.fugong.example' },
    { origin: EVIL },
    { origin: 'null' },
  ]) {
    it(`refuses every state-changing route with ${JSON.stringify(headers)}: 403 cross_site_request, nothing changed`, async () => {
      const before = await auditCount();
      for (const route of routes) {
        const [method, path] = route.split(' ') as [string, string];
        const res = await t.app.inject({
          method: method as 'POST',
          url: concrete(path),
          headers: { cookie: admin, 'content-type': 'application/json', ...idem('csrf'), ...headers },
          payload: JSON.stringify({ version: 1 }),
        });
        expect(res.statusCode, `${route}: ${res.body}`).toBe(403);
        expectProblem(res, 403, 'cross_site_request');
      }
      expect(await auditCount()).toBe(before);
    });
  }

  it('refuses a form-style multipart import from another site, without an Idempotency-Key', async () => {
    const file = multipartFile('members.csv', 'name,creditCode\n某公司,91330324MA00000010\n', 'text/csv');
    for (const url of ['/api/enterprises/import?allianceId=1', '/api/chain/links/import']) {
      const res = await t.app.inject({ method: 'POST', url, payload: file.payload, headers: { ...file.headers, cookie: admin, 'sec-fetch-site': 'cross-site', origin: EVIL } });
      expectProblem(res, 403, 'cross_site_request');
    }
  });

  it('lets same-origin browser requests and non-browser clients through', async () => {
    // A same-origin page: Sec-Fetch-Site says so (the Origin may name a dev proxy's port).
    const sameOrigin = await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: 2 }, headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:5173' } });
    expect(sameOrigin.statusCode, sameOrigin.body).toBe(200);
    // An older browser without Sec-Fetch-Site: the Origin names this host.
    const byOrigin = await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: 1 }, headers: { host: 'fugong.example.cn', origin: 'https://fugong.example.cn' } });
    expect(byOrigin.statusCode, byOrigin.body).toBe(200);
    // The CLI, curl, a server: neither header.
    const plain = await t.call('PUT', '/api/session/alliance', { cookie: admin, body: { allianceId: 2 } });
    expect(plain.statusCode, plain.body).toBe(200);
    // Sign-in from a same-origin page works; from another site it does not.
    const ok = await t.call('POST', '/api/session', { body: { username: 'tech', password: t.seed.password }, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(ok.statusCode).toBe(200);
    expectProblem(await t.call('POST', '/api/session', { body: { username: 'tech', password: t.seed.password }, headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'cross_site_request');
  });

  it('leaves reads alone: a cross-site GET is answered (SameSite=Lax and CORS keep its answer from the other site)', async () => {
    const res = await t.call('GET', '/api/session', { cookie: admin, headers: { 'sec-fetch-site': 'cross-site', origin: EVIL } });
    expect(res.statusCode).toBe(200);
  });
});

describe('security headers', () => {
  let t: TestApp;
  let web: FastifyInstance;
  let proxied: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'fugong-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><div id="root"></div>');
    web = await buildApp(t.deps, { webDir: dir });
    proxied = await buildApp({ ...t.deps, config: { ...t.config, trustProxy: ['127.0.0.1'] } }, { webDir: dir });
    await Promise.all([web.ready(), proxied.ready()]);
  });
  afterAll(async () => {
    await web?.close();
    await proxied?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends CSP, no framing, no referrer and nosniff on the web app, the API and errors', async () => {
    for (const url of ['/', '/members/12', '/api/session', '/api/no-such-route']) {
      const res = await web.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends HSTS only when the request came over HTTPS through a trusted proxy', async () => {
    expect((await web.inject({ method: 'GET', url: '/' })).headers['strict-transport-security']).toBeUndefined();
    // An untrusted peer cannot claim HTTPS.
    expect((await web.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    const https = await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
    expect(https.headers['strict-transport-security']).toMatch(/^max-age=31536000; includeSubDomains$/);
    expect((await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
  });

  it('the API documentation keeps its own CSP, still without framing', async () => {
    let res = await web.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; res.statusCode === 302 && hops < 3; hops++) res = await web.inject({ method: 'GET', url: new URL(String(res.headers.location), 'http://localhost/api/docs/').pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
