/**
 * Malformed and boundary input for every operation of the OpenAPI document, as every demo role
 * and anonymously. Whatever arrives, the answer is a 4xx problem document — never a 5xx, never
 * a bare Fastify error. Cases that the schema provably rejects must be refused with 400 and the
 * field named; the rest (random junk, which may happen to be valid) only need a 4xx.
 *
 * Generation is deterministic (a seeded PRNG) and bounded. Every request is built so that even
 * input that slips through validation stops before changing anything: creates carry no
 * Idempotency-Key, edits name a missing record or a stale version, the password change names a
 * wrong current password.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/auth/roles';
import { createRng, type Rng } from '../domain/prng';
import { DIALECTS, createTestApp, type TestApp } from './harness';
import { MAX_UPLOAD_BYTES } from '../app';
import { MAX_IMPORT_BYTES } from '../modules/enterprises/enterprises.import';
import { enterpriseBody, expectProblem, json, multipartFile } from './helpers';

const SEED = 20_260_125;
const INT32_MAX = 2 ** 31 - 1;
/** Integers an `integer` column (32-bit on PostgreSQL) cannot hold: every id, count and version must refuse them. */
const PAST_INT32 = [2 ** 31, 2 ** 31 + 5, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 + 2];
/** PostgreSQL text cannot hold U+0000: every string member must refuse it. */
const WITH_NUL = 'a\u0000b';
const HUGE = 100_000;
const MISSING_ID = '99999999';
/** Requests per (operation, role) at most; gated roles get a few only (they stop at the policy hook). */
const MAX_CASES = 80;
const GATED_SAMPLE = 3;

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

interface Operation {
  method: string;
  path: string; // OpenAPI form, /api/x/{id}
  params: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  jsonBody?: JsonSchema;
  multipart: boolean;
  /** Needs no session (the document says `security: []`). */
  public: boolean;
}

interface Case {
  name: string;
  url: string;
  contentType?: string;
  payload?: string | Buffer;
  /** The schema rejects this: an allowed caller must get 400 validation_failed at this path (prefix). */
  mustFail?: string;
  /** The exact status an allowed caller must get. */
  status?: number;
  /** Refused by the router before any route (or policy) runs: the same answer for everyone. */
  router?: boolean;
}

/** Bodies that pass validation but cannot change anything (see the file comment). */
const BASELINE: Record<string, unknown> = {
  'POST /api/session': { username: 'nobody-fuzz', password: 'not-a-password' },
  'PUT /api/session/alliance': { allianceId: 999999 },
  'PUT /api/session/password': { currentPassword: 'not-my-password-0', newPassword: 'Abcdefgh12345' },
  'POST /api/alliances': { name: '模糊测试联盟', chain: '测试链', industry: 'C', districtCode: '330302', description: '' },
  'PATCH /api/alliances/{id}': { version: 9999, description: '模糊' },
  'POST /api/users': { username: 'fuzzuser', displayName: '模糊', password: 'Abcdefgh12345', locale: 'zh-CN', grants: [{ role: 'group_member', workingGroup: 'policy', enterpriseId: null }] },
  'PATCH /api/users/{id}': { version: 9999, displayName: '模糊' },
  'POST /api/users/{id}/password-reset': { version: 9999 },
  'POST /api/enterprises': enterpriseBody(4242),
  'PATCH /api/enterprises/{id}': { version: 9999, name: '模糊测试' },
  'PUT /api/enterprises/{id}/commissioner': { userId: 1, version: 1 },
  'POST /api/enterprises/{id}/reports': { reportDate: '2026-11-25', outputPct: 50, capacityPct: 60, staffOnDuty: 5, staffTotal: 10, stage: 'partial', blockers: [{ category: 'labour', note: '' }], materialCoverDays: 3, preventionCoverDays: null },
  // Every member has a default: a missing scenario is what stops a valid body (404).
  'POST /api/chain/analyses': { mode: 'dynamic', horizon: 30, theta: 0.5, scenarioId: 99999999, includePending: false },
};

function operations(doc: { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: unknown[] }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        jsonBody: content['application/json']?.schema,
        multipart: !!content['multipart/form-data'] || path === '/api/enterprises/import' || path === '/api/experts/import',
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}

const isDatePattern = (s: JsonSchema) => s.pattern === '^\\d{4}-\\d{2}-\\d{2}$';
const typesOf = (s: JsonSchema): string[] => (s.anyOf ? s.anyOf.flatMap(typesOf) : s.type ? [s.type] : []);

/** Query/path values (strings) the schema rejects. */
function badStrings(s: JsonSchema, rng: Rng): string[] {
  const out: string[] = [];
  if (s.type === 'integer' || s.type === 'number') {
    if (s.minimum !== undefined) out.push(String(s.exclusiveMinimum === true ? s.minimum : s.minimum - 1));
    if (s.maximum !== undefined && s.maximum < 2 ** 40) out.push(String(s.maximum + 1));
    if (s.maximum !== undefined && s.maximum < 10_000) out.push('10000');
    out.push('-1', 'abc', 'NaN', '1e400', '-Infinity', '99999999999999999999');
    if (s.type === 'integer') out.push('1.5', ...PAST_INT32.map(String));
    out.push(WITH_NUL);
  } else if (s.enum) {
    out.push(WITH_NUL, 'bogus', '', s.enum.map(String).join(','), String(s.enum[0]).toUpperCase() === String(s.enum[0]) ? 'x' : String(s.enum[0]).toUpperCase());
  } else if (isDatePattern(s)) {
    out.push('2026-13-45', '2026-02-30', '2026-1-5', 'yesterday', `2026-11-${rng.int(32, 99)}`, `2026-11-2${WITH_NUL}`);
  } else if (s.type === 'string') {
    out.push(WITH_NUL, `\u0000${'x'.repeat(rng.int(0, 5))}`);
    if (s.maxLength !== undefined && s.maxLength < HUGE) out.push('x'.repeat(s.maxLength + 1), 'y'.repeat(HUGE));
    if (s.minLength) out.push('');
  }
  return out;
}

/** JSON values the schema rejects. */
function badValues(s: JsonSchema, rng: Rng): unknown[] {
  const types = typesOf(s);
  const nullable = s.nullable || types.includes('null');
  const out: unknown[] = [];
  // Wrong JSON type.
  if (!types.includes('string')) out.push(String(rng.int(1, 9)));
  if (!types.includes('integer') && !types.includes('number')) out.push(rng.int(1, 1000));
  if (!types.includes('object')) out.push({ nested: { deeper: [1, 2, 3] } });
  if (!types.includes('array')) out.push([rng.int(1, 9)]);
  if (!types.includes('boolean')) out.push(true);
  if (!nullable) out.push(null);
  const one = s.anyOf ? s.anyOf[0]! : s;
  if (one.type === 'integer' || one.type === 'number') {
    if (one.minimum !== undefined) out.push(one.exclusiveMinimum === true ? one.minimum : one.minimum - 1);
    if (one.maximum !== undefined) out.push(one.maximum >= Number.MAX_SAFE_INTEGER ? 2 ** 60 : one.maximum + 1);
    out.push(-1e308, 1e308);
    if (one.type === 'integer') out.push(1.5);
    // Past the 32-bit range, unless the member is a `bigint` column (bounded by its own maximum above).
    if (one.type === 'integer' && (one.maximum ?? Infinity) <= INT32_MAX) out.push(...PAST_INT32);
  }
  if (one.type === 'string') {
    out.push(WITH_NUL);
    if (one.enum) out.push('bogus_value', '');
    else if ((one.maxLength !== undefined && one.maxLength < HUGE) || one.pattern) out.push('测'.repeat(HUGE));
    if (one.minLength) out.push('');
    if (one.pattern && isDatePattern(one)) out.push('2026-13-45', '2026-02-30');
  }
  if (one.type === 'array') {
    // An item of the wrong type (a number is a valid item of an integer list, so not that one).
    if (one.items) {
      const numeric = typesOf(one.items).some((x) => x === 'integer' || x === 'number');
      out.push([rng.pick((['x', 1, null, []] as unknown[]).filter((v) => !(numeric && typeof v === 'number')))]);
    }
    const item = one.items?.anyOf?.[0] ?? one.items;
    if (item?.type === 'string') out.push([WITH_NUL]);
    if (item?.type === 'integer') out.push([2 ** 31]);
    if (one.maxItems !== undefined) out.push(Array.from({ length: one.maxItems + 1 }, () => 'x'));
    if (one.minItems) out.push([]);
  }
  return out;
}

/** Random junk that may or may not be valid: only a 4xx is required. */
const JUNK = (rng: Rng): unknown[] => [
  '',
  ' ',
  '\u0000',
  '𝕏'.repeat(rng.int(1, 5000)),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  -0,
  0,
  rng.int(-1e9, 1e9),
  rng.next(),
  [],
  {},
  { __proto__: { polluted: true } },
  null,
  false,
];

/** A multipart body with one file, as case fields. */
function mp(filename: string, data: string | Buffer, type?: string): { contentType: string; payload: Buffer } {
  const m = multipartFile(filename, data, type);
  return { contentType: m.headers['content-type'], payload: m.payload };
}

/** Every path parameter but the date takes `id` (e.g. both of /firms/{enterpriseId}/memberships/{allianceId}). */
function fillPath(op: Operation, id: string, date = '2026-11-24'): string {
  return op.path.replace('{date}', date).replace(/\{\w+\}/g, id);
}

/** A case carrying a NUL or an integer past 32 bits: what PostgreSQL used to fail on with a 500. */
function pastColumn(c: Case): boolean {
  const text = `${c.url} ${typeof c.payload === 'string' ? c.payload : ''}`;
  return text.includes('%00') || text.includes('\\u0000') || PAST_INT32.some((n) => text.includes(String(n)));
}

function casesFor(op: Operation, rng: Rng): Case[] {
  const key = `${op.method} ${op.path}`;
  const cases: Case[] = [];
  const baseline = BASELINE[key] ?? {};
  const jsonCase = (name: string, body: unknown, mustFail?: string): Case => ({
    name,
    url: fillPath(op, MISSING_ID),
    contentType: 'application/json',
    payload: JSON.stringify(body),
    ...(mustFail !== undefined ? { mustFail } : {}),
  });
  const withBaseline = op.jsonBody ? { contentType: 'application/json', payload: JSON.stringify(baseline) } : {};

  // Path parameters.
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const bad = p.schema.type === 'integer' ? ['-1', '0', '1.5', '99999999999', 'abc', 'NaN', 'Infinity', '-0.0', '1e400', ...PAST_INT32.map(String), WITH_NUL] : badStrings(p.schema, rng);
    for (const v of bad) {
      const url = op.path.replace(`{${p.name}}`, encodeURIComponent(v)).replace('{date}', '2026-11-24').replace(/\{\w+\}/g, '1');
      cases.push({ name: `path ${p.name}=${v.slice(0, 20)}`, url, ...withBaseline, mustFail: `params.${p.name}` });
    }
    // Longer than the router accepts for a parameter, and a broken %-escape: the router refuses them.
    const other = (v: string) => op.path.replace(`{${p.name}}`, v).replace('{date}', '2026-11-24').replace(/\{\w+\}/g, '1');
    cases.push({ name: `path ${p.name} overlong`, url: other('9'.repeat(300)), ...withBaseline, status: 400, router: true });
    cases.push({ name: `path ${p.name} bad escape`, url: other('%E0%A4%A'), ...withBaseline, status: 400, router: true });
  }

  // Query parameters, one at a time.
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const base = fillPath(op, '1');
    for (const v of badStrings(p.schema, rng)) {
      cases.push({ name: `query ${p.name}=${v.slice(0, 20)}`, url: `${base}?${p.name}=${encodeURIComponent(v)}`, ...withBaseline, mustFail: `querystring.${p.name}` });
    }
    // Repeated parameter: arrives as an array.
    cases.push({ name: `query ${p.name} twice`, url: `${base}?${p.name}=1&${p.name}=2`, ...withBaseline, mustFail: `querystring.${p.name}` });
  }

  if (op.jsonBody) {
    const schema = op.jsonBody;
    const url = fillPath(op, MISSING_ID);
    cases.push({ name: 'no body', url, mustFail: '' });
    cases.push({ name: 'invalid JSON', url, contentType: 'application/json', payload: '{"name": ', mustFail: 'body' });
    cases.push({ name: 'NaN literal', url, contentType: 'application/json', payload: '{"version": NaN}', mustFail: 'body' });
    cases.push({ name: 'trailing garbage', url, contentType: 'application/json', payload: `${JSON.stringify(baseline)}xyz`, mustFail: 'body' });
    for (const whole of [[], [baseline], 'string', 42, null, true]) cases.push(jsonCase(`body ${JSON.stringify(whole)?.slice(0, 20)}`, whole, ''));
    cases.push({ name: 'multipart to JSON route', url, ...mp('x.csv', 'a,b\n1,2\n', 'text/csv'), mustFail: '' });
    cases.push({ name: 'text/plain', url, contentType: 'text/plain', payload: 'hello', mustFail: '' });
    cases.push({ name: 'unknown content type', url, contentType: 'application/xml', payload: '<a/>', status: 415 });
    cases.push({ name: 'form urlencoded', url, contentType: 'application/x-www-form-urlencoded', payload: 'a=1', status: 415 });
    cases.push(jsonCase('huge unknown member', { ...(baseline as object), [`k${rng.int(0, 99)}`]: 'z'.repeat(HUGE) }));

    for (const [prop, ps] of Object.entries(schema.properties ?? {})) {
      for (const v of badValues(ps, rng)) cases.push(jsonCase(`${prop}=${JSON.stringify(v)?.slice(0, 24)}`, { ...(baseline as object), [prop]: v }, prop));
      if (schema.required?.includes(prop)) {
        const { [prop]: _dropped, ...rest } = baseline as Record<string, unknown>;
        cases.push(jsonCase(`without ${prop}`, rest, prop));
      }
      // Array items that are objects: break each member of the first item.
      const items = ps.items ?? ps.anyOf?.find((x) => x.items)?.items;
      const first = Array.isArray((baseline as Record<string, unknown>)[prop]) ? ((baseline as Record<string, unknown[]>)[prop]![0] as Record<string, unknown> | undefined) : undefined;
      if (items?.properties && first) {
        for (const [sub, ss] of Object.entries(items.properties)) {
          const past = typesOf(ss).includes('integer') ? [2 ** 31] : typesOf(ss).includes('string') ? [WITH_NUL] : [];
          for (const v of [...badValues(ss, rng).slice(0, 3), ...past]) cases.push(jsonCase(`${prop}.0.${sub}=${JSON.stringify(v)?.slice(0, 20)}`, { ...(baseline as object), [prop]: [{ ...first, [sub]: v }] }, `${prop}.0`));
        }
      }
    }
    // Seeded random junk in random members.
    const props = Object.keys(schema.properties ?? {});
    for (let i = 0; i < 6 && props.length; i++) {
      const prop = rng.pick(props);
      cases.push(jsonCase(`junk ${prop}`, { ...(baseline as object), [prop]: rng.pick(JUNK(rng)) }));
    }
  } else if (op.multipart) {
    const url = fillPath(op, MISSING_ID);
    cases.push({ name: 'JSON to multipart route', url, contentType: 'application/json', payload: '{"file":"x"}', status: 415 });
    cases.push({ name: 'no body', url, status: 415 });
    cases.push({ name: 'invalid JSON to multipart route', url, contentType: 'application/json', payload: '{', status: 400 });
    cases.push({ name: 'file of unknown type', url, ...mp('data.txt', 'hello'), status: 415 });
    cases.push({ name: 'corrupt xlsx', url, ...mp('data.xlsx', Buffer.from(Array.from({ length: 2000 }, () => rng.int(0, 255)))), status: 400 });
    cases.push({ name: 'empty csv', url, ...mp('data.csv', ''), status: 422 });
    cases.push({ name: 'csv of binary noise', url, ...mp('data.csv', Buffer.from(Array.from({ length: 3000 }, () => rng.int(0, 255)))), status: 422 });
    cases.push({ name: 'csv with one huge cell', url, ...mp('data.csv', `企业名称,统一社会信用代码\n${'长'.repeat(HUGE)},x\n`), status: 422 });
    cases.push({ name: 'multipart without a file part', url, contentType: 'multipart/form-data; boundary=XYZ', payload: '--XYZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--XYZ--\r\n', status: 400 });
    cases.push({ name: 'multipart without boundary', url, contentType: 'multipart/form-data', payload: '--XYZ\r\n\r\n' });
    cases.push({ name: 'truncated multipart', url, contentType: 'multipart/form-data; boundary=XYZ', payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname,credit' });
    for (const p of op.params.filter((x) => x.in === 'query')) {
      for (const v of badStrings(p.schema, rng)) cases.push({ name: `query ${p.name}=${v.slice(0, 12)}`, url: `${url}?${p.name}=${encodeURIComponent(v)}`, ...mp('a.csv', 'x'), mustFail: `querystring.${p.name}` });
    }
  } else if (op.method !== 'GET') {
    // A body where none is expected (e.g. sign-out): malformed JSON and an unknown type never reach the handler.
    const url = fillPath(op, MISSING_ID);
    cases.push({ name: 'invalid JSON', url, contentType: 'application/json', payload: '{"x":', mustFail: 'body' });
    cases.push({ name: 'unknown content type', url, contentType: 'application/xml', payload: '<a/>', status: 415 });
  }
  return cases;
}

describe.each(DIALECTS)('fuzzing every operation (%s)', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  const logins: Record<Role, string> = {
    platform_admin: 'admin', secretary: 'secretary', group_member: 'tech', commissioner: 'commissioner', expert: 'expert', enterprise_admin: 'firm', enterprise_staff: 'staff',
  };
  let ops: Operation[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const r of ROLES) cookies[r] = await t.login(logins[r]);
    ops = operations(t.app.swagger() as never);
  });
  afterAll(async () => {
    await t?.close();
  });

  function send(c: Case & { method: string }, cookie?: string): Promise<LightMyRequestResponse> {
    return t.app.inject({
      method: c.method as 'GET',
      url: c.url,
      headers: { ...(cookie ? { cookie } : {}), ...(c.contentType ? { 'content-type': c.contentType } : {}), 'accept-language': 'en-US' },
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
    });
  }

  it('generates cases for every operation that takes input', () => {
    expect(ops.length).toBeGreaterThan(20);
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      const cases = casesFor(op, createRng(SEED));
      // Only an operation without parameters and body has nothing to malform.
      if (cases.length === 0) {
        expect(op.params, key).toEqual([]);
        expect(op.jsonBody, key).toBeUndefined();
        expect(op.method, key).toBe('GET');
      }
    }
    // Same seed, same cases.
    const names = (seed: number) => ops.flatMap((op) => casesFor(op, createRng(seed)).map((c) => `${c.name}|${String(c.payload ?? '').length}`));
    expect(names(SEED)).toEqual(names(SEED));
  });

  it('an unreadable session cookie is anonymous: 401 on every non-public operation', async () => {
    for (const op of ops) {
      const url = fillPath(op, '1');
      for (const cookie of ['fugong_sid=garbage', `fugong_sid=${'A'.repeat(HUGE)}`, 'fugong_sid=', '%%%;;;=']) {
        const res = await t.app.inject({ method: op.method as 'GET', url, headers: { cookie } });
        if (op.public) continue;
        expectProblem(res, 401, 'unauthenticated');
      }
    }
  });

  it('every operation × every role and anonymous: 4xx problem documents only', async () => {
    let sent = 0;
    const pastColumnRoutes = new Set<string>();
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      const rng = createRng(SEED ^ key.length);
      const all = casesFor(op, rng).map((c) => ({ ...c, method: op.method }));
      if (all.length === 0) continue;
      for (const who of [undefined, ...ROLES] as (Role | undefined)[]) {
        const cookie = who ? cookies[who] : undefined;
        // Probe with a case the schema rejects: 401/403 here means the policy hook stopped it.
        // The column-range and NUL cases first, so the case cap never drops them.
        const ordered = [...all.filter((c) => c.mustFail !== undefined && pastColumn(c)), ...all.filter((c) => c.mustFail !== undefined && !pastColumn(c)), ...all.filter((c) => c.mustFail === undefined)];
        const probe = await send(ordered[0]!, cookie);
        sent += 1;
        const gated = probe.statusCode === 401 || (probe.statusCode === 403 && json(probe).code === 'forbidden');
        const batch = gated ? createRng(SEED + sent).shuffle(ordered.slice(1)).slice(0, GATED_SAMPLE) : ordered.slice(1, MAX_CASES);
        for (const [c, res] of [[ordered[0]!, probe] as const, ...(await Promise.all(batch.map(async (c) => [c, await send(c, cookie)] as const)))]) {
          sent += 1;
          const ctx = `${who ?? 'anonymous'} ${key} [${c.name}] → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, ctx).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, ctx).toBeLessThan(500);
          const doc = expectProblem(res);
          if (c.router) {
            expectProblem(res, 400, 'validation_failed');
            expect(doc.errors?.[0]?.path, ctx).toBe('url');
            continue;
          }
          if (gated) {
            expect(res.statusCode, ctx).toBe(probe.statusCode);
            continue;
          }
          if (pastColumn(c) && c.mustFail !== undefined) pastColumnRoutes.add(key);
          if (!who && !['/api/session', '/api/health'].includes(op.path)) expect(res.statusCode, ctx).toBe(401);
          if (c.status !== undefined) expect(res.statusCode, ctx).toBe(c.status);
          if (c.mustFail !== undefined) {
            expect(res.statusCode, ctx).toBe(400);
            expect(doc.code, ctx).toBe('validation_failed');
            expect(doc.errors?.length, ctx).toBeGreaterThan(0);
            if (c.mustFail) expect(doc.errors!.some((e) => e.path === c.mustFail || e.path.startsWith(`${c.mustFail}.`)), ctx).toBe(true);
            for (const e of doc.errors!) {
              expect(typeof e.message, ctx).toBe('string');
              // Problem documents never echo large inputs back.
              expect(JSON.stringify(e).length, ctx).toBeLessThan(2_000);
            }
          }
          expect(res.body.length, ctx).toBeLessThan(20_000);
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    // Every operation that takes a number or a string got NULs and 32-bit overflows from a caller it lets through.
    const takesInput = ops.filter((op) => casesFor(op, createRng(SEED)).some(pastColumn)).map((op) => `${op.method} ${op.path}`);
    expect(takesInput.filter((k) => !pastColumnRoutes.has(k))).toEqual([]);
  }, 600_000); // thousands of requests on a shared machine: a ceiling, not a timing assertion

  it('nothing was written and every session still works', async () => {
    const actions = new Set((await t.handle.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action));
    for (const a of actions) expect(['seed.demo', 'session.login', 'session.switch_alliance']).toContain(a);
    for (const r of ROLES) expect((await t.call('GET', '/api/session', { cookie: cookies[r] })).statusCode, r).toBe(200);
    const names = await t.handle.db.selectFrom('enterprises').select('id').where('name', 'in', ['模糊测试', '测试企业4242号有限公司']).execute();
    expect(names).toEqual([]);
  });

  it('a request body over the limit is 413, not a crash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/enterprises',
      headers: { cookie: cookies.secretary, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectProblem(res, 413, 'payload_too_large');
    // Uploads in general stop at MAX_UPLOAD_BYTES; the registry import (200,000 rows) at its own limit.
    const upload = multipartFile('big.csv', Buffer.alloc(MAX_UPLOAD_BYTES + 10, 0x41));
    const big = await t.app.inject({ method: 'POST', url: '/api/experts/import?dryRun=true', headers: { cookie: cookies.platform_admin, ...upload.headers }, payload: upload.payload });
    expectProblem(big, 413, 'payload_too_large');
    const bigImport = multipartFile('big.csv', Buffer.alloc(MAX_IMPORT_BYTES + 10, 0x41));
    const tooBig = await t.app.inject({ method: 'POST', url: '/api/enterprises/import?dryRun=true', headers: { cookie: cookies.secretary, ...bigImport.headers }, payload: bigImport.payload });
    expectProblem(tooBig, 413, 'payload_too_large');
  });
});
