/**
 * The two input rules of `core/http/common-schema.ts`, for every route: every number a request
 * may carry is bounded (integers to their column's range: `integer` columns are 32-bit on
 * PostgreSQL), and no string holds U+0000 (PostgreSQL text cannot). Both used to pass validation
 * and fail the query on PostgreSQL with a 500. The fuzzer sends such values to every route; this
 * file reads the bounds off the OpenAPI document and checks the examples from the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT32_MAX } from '../core/http/common-schema';
import { DIALECTS, createTestApp, type TestApp } from './harness';
import { expectProblem, freshCreditCode, json, multipartFile } from './helpers';

type Schema = Record<string, any>;

/** Members stored in `bigint` columns: bounded by what a JSON number holds exactly. */
const BIGINT_MEMBERS = new Set(['annualOutputFen', /** Quantities in base units (domain/units.ts), bigint on the board (0015). */ 'amount', /** A policy's benefit (0013). */ 'benefitAmountFen', /** Policy applications' money (0017). */ 'requestedFen', 'amountFen']);

/** Every number/integer schema a request can carry, with where it sits. */
function numbersIn(doc: Schema): { where: string; name: string; schema: Schema }[] {
  const out: { where: string; name: string; schema: Schema }[] = [];
  const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
  const walk = (s: Schema | undefined, where: string, name: string, seen: Set<Schema>) => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    s = resolve(s);
    if (s.type === 'integer' || s.type === 'number') out.push({ where, name, schema: s });
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) walk(v, `${where}.${k}`, k, seen);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const v of (s[key] ?? []) as Schema[]) walk(v, where, name, seen);
    if (s.items) walk(s.items, `${where}[]`, name, seen);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}{}`, name, seen);
  };
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      for (const p of (op.parameters ?? []) as Schema[]) walk(p.schema, `${method.toUpperCase()} ${path} ${p.in}:${p.name}`, p.name, new Set());
      for (const [type, c] of Object.entries((op.requestBody?.content ?? {}) as Record<string, Schema>)) walk(c.schema, `${method.toUpperCase()} ${path} ${type}`, '', new Set());
    }
  }
  return out;
}

describe.each(DIALECTS)('input bounds (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every number a request carries is bounded; integers fit their column', () => {
    const numbers = numbersIn(t.app.swagger() as Schema);
    expect(numbers.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { where, name, schema } of numbers) {
      if (typeof schema.minimum !== 'number' || typeof schema.maximum !== 'number') problems.push(`${where}: unbounded`);
      if (schema.type !== 'integer') continue;
      const limit = BIGINT_MEMBERS.has(name) ? Number.MAX_SAFE_INTEGER : INT32_MAX;
      if (schema.maximum > limit || schema.minimum < -limit - 1) problems.push(`${where}: ${schema.minimum}…${schema.maximum} exceeds the column's range`);
    }
    expect(problems.join('\n')).toBe('');
  });

  it('an id past 32 bits is refused in a query, a path and a body, not a 500', async () => {
    for (const v of ['2147483648', '2147483653', '9007199254740993']) {
      const doc = expectProblem(await t.call('GET', `/api/tickets?enterpriseId=${v}`, { cookie: secretary }), 400, 'validation_failed');
      expect(doc.errors?.map((e) => e.path)).toContain('querystring.enterpriseId');
      expectProblem(await t.call('GET', `/api/enterprises/${v}`, { cookie: secretary }), 400, 'validation_failed');
    }
    const res = await t.call('POST', '/api/tickets', { cookie: secretary, body: { enterpriseId: 2 ** 31, category: 'labour', title: '越界编号' }, headers: { 'idempotency-key': 'bounds-1' } });
    expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toContain('enterpriseId');
    const patch = await t.call('PATCH', '/api/risks/1', { cookie: secretary, body: { version: 2 ** 31 } });
    expect(expectProblem(patch, 400, 'validation_failed').errors?.map((e) => e.path)).toContain('version');
  });

  it('a NUL character is refused wherever it is sent, with the field named', async () => {
    const q = expectProblem(await t.call('GET', `/api/enterprises?q=${encodeURIComponent('皮\u0000革')}`, { cookie: secretary }), 400, 'validation_failed');
    expect(q.errors?.find((e) => e.path === 'querystring.q')?.code).toBe('nul_character');
    const me = json(await t.call('GET', '/api/session', { cookie: secretary }));
    const alliance = json(await t.call('GET', `/api/alliances/${me.allianceId}`, { cookie: secretary }));
    const body = expectProblem(await t.call('PATCH', `/api/alliances/${me.allianceId}`, { cookie: secretary, body: { description: 'a\u0000b', version: alliance.version } }), 400, 'validation_failed');
    expect(body.errors?.find((e) => e.path === 'description')?.code).toBe('nul_character');
    const firm = await t.login('firm');
    const id = json(await t.call('GET', '/api/session', { cookie: firm })).enterpriseIds[0];
    const before = json(await t.call('GET', `/api/enterprises/${id}`, { cookie: firm }));
    const nested = await t.call('PATCH', `/api/enterprises/${id}`, { cookie: firm, body: { contacts: [{ name: '张\u0000三' }], version: before.version } });
    expect(expectProblem(nested, 400, 'validation_failed').errors?.find((e) => e.path === 'contacts.0.name')?.code).toBe('nul_character');
    expect(json(await t.call('GET', `/api/enterprises/${id}`, { cookie: firm })).version).toBe(before.version);
    // Nothing was written by the refused edit.
    expect(json(await t.call('GET', `/api/alliances/${me.allianceId}`, { cookie: secretary })).version).toBe(alliance.version);
  });

  it('a NUL character in an imported cell is a row error, not a 500', async () => {
    const csv = `企业名称,统一社会信用代码,行业门类,区县代码,职工人数\n空字\u0000符企业,${freshCreditCode(9_981)},C,330302,10\n`;
    const file = multipartFile('members.csv', csv, 'text/csv');
    const res = await t.app.inject({ method: 'POST', url: '/api/enterprises/import', headers: { ...file.headers, cookie: secretary }, payload: file.payload });
    const doc = expectProblem(res, 422, 'import_invalid');
    expect(JSON.stringify(doc.rowErrors), res.body.slice(0, 400)).toContain('nul_character');
  });
});
