/**
 * The OpenAPI document (`/api/openapi.json`) passes Spectral's `oas` ruleset, the one API
 * tooling checks by default: no error and no warning. What it needs is derived from the routes
 * (`core/http/openapi.ts`), so a new route passes without further work; these checks say why
 * it would not.
 */
import { Spectral } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { json } from './helpers';

type Operation = { operationId?: string; description?: string; tags?: string[]; security?: unknown[]; responses: Record<string, any>; requestBody?: unknown; parameters?: unknown[] };

// The document is the same on either database: one dialect is enough.
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; tags: { name: string; description?: string }[]; components: any; security?: unknown[] };
  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

  beforeAll(async () => {
    t = await createTestApp('sqlite', { scale: 0.05 });
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = json(res);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Spectral (spectral:oas) reports no error and no warning', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [oas as never] });
    const results = await spectral.run(JSON.stringify(doc));
    const report = results.map((r) => `${['error', 'warning', 'info', 'hint'][r.severity]} ${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(report.filter((r) => r.startsWith('error')).join('\n')).toBe('');
    expect(report.filter((r) => r.startsWith('warning')).join('\n')).toBe('');
  });

  it('every operation has a unique operationId, a description and defined tags', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Map(doc.tags.map((x) => [x.name, x.description]));
    for (const { key, op } of operations()) {
      expect(op.description?.length, key).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(tags.get(tag), `${key}: tag ${tag} is not described`).toBeTruthy();
    }
  });

  it('the session cookie is the security scheme; public routes say they need none', () => {
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'fugong_sid' });
    for (const { key, op } of operations()) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      // The two routes that work without a session: health and sign-in.
      expect(isPublic, key).toBe(['GET /api/health', 'POST /api/session', 'GET /api/session/state'].includes(key));
      if (!isPublic) expect(op.responses['401']?.content?.['application/problem+json'], key).toBeDefined();
    }
  });

  it('error responses are documented as problem documents, one shared schema', async () => {
    expect(doc.components.schemas.Problem.properties).toHaveProperty('code');
    for (const { key, op } of operations()) {
      const errors = Object.keys(op.responses).filter((s) => s.startsWith('4'));
      if (op.requestBody || op.parameters?.length) expect(errors, key).toContain('400');
      for (const s of errors) expect(op.responses[s].content['application/problem+json'].schema.$ref, `${key} ${s}`).toBe('#/components/schemas/Problem');
    }
    // What an error actually looks like matches the documented schema's members.
    const res = await t.call('GET', '/api/enterprises/1');
    expect(res.statusCode).toBe(401);
    const members = Object.keys(doc.components.schemas.Problem.properties);
    for (const k of Object.keys(json(res))) expect(members, k).toContain(k);
  });
});
