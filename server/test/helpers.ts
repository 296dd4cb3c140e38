/**
 * Small helpers shared by the API test files: multipart bodies, problem-document checks,
 * route enumeration, fresh credit codes. No mocks: everything here drives the real app.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { makeCreditCode } from '../domain/credit-code';

/** A multipart/form-data body with one file in field `file` (what the import route reads). */
export function multipartFile(filename: string, data: Buffer | string, contentType = 'application/octet-stream') {
  const boundary = `----fugong-test-${Buffer.from(filename).toString('hex').slice(0, 16)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.isBuffer(data) ? data : Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/**
 * Asserts `res` is an RFC 9457 problem document with our members, and (when given) the status
 * and code. Returns the parsed document.
 */
export function expectProblem(res: LightMyRequestResponse, status?: number, code?: string) {
  const ctx = `${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.headers['content-type'], ctx).toMatch(/^application\/problem\+json/);
  const doc = json(res);
  expect(typeof doc.code, ctx).toBe('string');
  expect(doc.status, ctx).toBe(res.statusCode);
  expect(typeof doc.detail, ctx).toBe('string');
  expect(doc.detail.length, ctx).toBeGreaterThan(0);
  expect(typeof doc.requestId, ctx).toBe('string');
  expect(doc.requestId, ctx).toBe(res.headers['x-request-id']);
  if (status !== undefined) expect(res.statusCode, ctx).toBe(status);
  if (code !== undefined) expect(doc.code, ctx).toBe(code);
  return doc as { code: string; status: number; detail: string; requestId: string; errors?: { path: string; code: string; message: string; params?: Record<string, unknown> }[]; [k: string]: unknown };
}

/**
 * Parses `app.printRoutes({ commonPrefix: false })` into `METHOD /path` keys (HEAD omitted).
 * Independent of the OpenAPI document, so a route hidden from the docs is still seen.
 */
export function routesFromTree(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    if (!m[3]) continue;
    for (const method of m[3].split(',').map((s) => s.trim())) if (method !== 'HEAD') out.push(`${method} ${stack.join('')}`);
  }
  return [...new Set(out)].sort();
}

/** `METHOD /path` keys of the OpenAPI document, with `{id}` written Fastify-style as `:id`. */
export function routesFromOpenApi(doc: { paths?: Record<string, Record<string, unknown>> }): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(ops)) out.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  return out.sort();
}

let keyCounter = 0;
/** A fresh Idempotency-Key header. */
export function idem(prefix = 'k'): Record<string, string> {
  keyCounter += 1;
  return { 'idempotency-key': `${prefix}-${process.pid}-${keyCounter}-${Math.random().toString(36).slice(2, 8)}` };
}

/**
 * A valid credit code no demo-city firm can have: registered in 永嘉县 (330324), a district no
 * demo alliance draws from, with a body derived from `n`.
 */
export function freshCreditCode(n: number): string {
  return makeCreditCode(`91330324MA${String(n).padStart(7, '0')}`);
}

/** The same code with a wrong check character, and the character it should have. */
export function breakCheckChar(code: string): { bad: string; expected: string } {
  const expected = code[17]!;
  const wrong = expected === '0' ? '1' : '0';
  return { bad: code.slice(0, 17) + wrong, expected };
}

/** A valid enterprise body (POST /api/enterprises). */
export function enterpriseBody(n: number, over: Record<string, unknown> = {}) {
  return {
    name: `测试企业${n}号有限公司`,
    creditCode: freshCreditCode(n),
    industry: 'C',
    districtCode: '330324',
    headcount: 50 + n,
    mainProducts: '测试产品',
    address: `测试路${n}号`,
    annualOutputFen: 1_000_000 * n,
    contacts: [{ name: '张三', title: '经理', phone: '13800000000', email: '' }],
    ...over,
  };
}
