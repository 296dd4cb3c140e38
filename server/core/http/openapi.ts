/**
 * The OpenAPI document (`/api/openapi.json`), derived from the routes so that no route can leave
 * it incomplete: every operation gets a stable `operationId` (its method and path), a description
 * (its summary and who may call it), the session-cookie security requirement (or none for public
 * routes) and the problem+json error responses it can give. Linted with Spectral's `oas` ruleset
 * in `server/test/openapi.test.ts`.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTIONS, type RoutePolicy } from '../auth/policy';

/** Every error leaves as this document (RFC 9457 with our members): see `core/http/problem.ts`. */
export const ProblemResponse = z
  .object({
    type: z.string().describe('`urn:fugong:problem:<code>`'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable error code; clients translate it'),
    detail: z.string().describe("A sentence in the caller's language (Accept-Language)"),
    instance: z.string(),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string(), params: z.record(z.string(), z.unknown()).optional() }))
      .optional()
      .describe('The fields at fault, for `validation_failed`'),
  })
  .meta({ id: 'Problem', description: 'An error (application/problem+json)' });

/** The document's tags, each described once (Spectral: every tag an operation uses is defined). */
export const OPENAPI_TAGS = [
  { name: 'session', description: 'Sign-in and out, the current session, switching alliance, changing my password' },
  { name: 'alliances', description: 'Industrial alliances and their working groups' },
  { name: 'users', description: 'Accounts and roles of an alliance' },
  { name: 'audit', description: 'The append-only audit log' },
  { name: 'memberships', description: 'Membership by consent (入盟): join requests a firm accepts or refuses, leaving, removing, history sharing' },
  { name: 'enterprises', description: 'The member registry (成员企业): registration, import, export, commissioners' },
  { name: 'reports', description: 'Daily resumption reports (复工日报) and the views over them' },
  { name: 'chain', description: 'Supply links, what-if scenarios and chain-break analyses (产业链图谱 · 断链预警)' },
  { name: 'calendar', description: "China's working-day calendar (holidays and adjusted working days)" },
  { name: 'tickets', description: 'Problem handling (问题帮办): tickets, proposals from reports, figures' },
  { name: 'settings', description: 'Routing rules and SLA periods of problem handling' },
  { name: 'meetings', description: 'Joint meetings (联席会议): agenda, minutes, decisions' },
  { name: 'risks', description: 'The risk register (风险防控化解)' },
  { name: 'notifications', description: 'In-app notifications, their live stream and preferences' },
  { name: 'webhooks', description: 'DingTalk / WeCom group-robot webhooks and their delivery log' },
  { name: 'experts', description: 'Volunteer experts (爱心科技人): profiles, specialties, consultations, assignment, visits, outcomes' },
  { name: 'workforce', description: 'Shared employees (共享员工): surplus and shortage postings, optimal lending, placements, agreements, the sealed worker roster' },
  { name: 'files', description: 'The file store: attachments of any owner (problems, consultations, …), content-checked, visible as their owner is' },
  { name: 'departments', description: 'Government departments (人社局, 经信局…): policy issuers, the city level, people\'s affiliation' },
  { name: 'purchasing', description: 'Group purchasing (红色团购): campaigns, price tiers, pledges, allocation, supplier order, deliveries, settlement' },
  { name: 'market', description: 'Resource and order co-sharing (资源共济 · 订单共商): offers, needs, matching, deals, orders, quotes, splits' },
  { name: 'briefings', description: 'Daily and weekly briefings (日报 / 周报) of an alliance and of the city: figures, .xlsx and PDF, generated on demand and on a schedule' },
  { name: 'city', description: 'The city view (全市大屏): every alliance side by side, district and industry breakdowns, the firms behind a figure, live refresh' },
  { name: 'policies', description: 'The policy library (政策库): eligibility rules and matching members' },
  { name: 'prevention', description: 'Joint prevention (防控共抓): versioned checklists, self-inspections, trainings, supplies and days of cover' },
  { name: 'system', description: 'Health of the service' },
];

export const SESSION_SCHEME = 'session';

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Bad input (`validation_failed`, the fields at fault in `errors`), or a missing `Idempotency-Key`',
  401: 'Not signed in, or the session has ended (`unauthenticated`)',
  403: 'Signed in without the permission (`forbidden`)',
  404: 'No such record, or not one the caller may see (`not_found`)',
  409: "A stale `version` (`version_conflict`, the current one in `params`), a duplicate, or the record's state forbids it",
  413: 'The upload is too large (`payload_too_large`)',
  415: 'The content or file type is not accepted (`unsupported_media_type`)',
  422: 'Refused by a rule of the operation (e.g. `idempotency_key_reused`, `import_invalid`, `password_too_weak`)',
  429: 'Too many attempts (`rate_limited`); `Retry-After` says when to try again',
};

/** Sign-in and the password change count failed attempts (see the README's security notes). */
const RATE_LIMITED = new Set(['POST /api/session', 'PUT /api/session/password']);

type RouteSchema = Record<string, unknown> & { summary?: string; description?: string; operationId?: string; response?: Record<string, unknown>; body?: unknown; params?: unknown; querystring?: unknown; consumes?: string[] };

/** `PATCH /api/enterprises/{id}` → `patchEnterprisesById`: unique per route and stable across releases. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => (seg.startsWith(':') || seg.startsWith('{') ? ['by', seg.replace(/[:{}]/g, '')] : seg.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

function describePolicy(policy: RoutePolicy | undefined): string {
  if (!policy || policy === 'public') return 'Public: no session needed.';
  if (policy === 'authenticated') return 'Any signed-in user.';
  const roles = (ACTIONS as Record<string, readonly string[]>)[policy] ?? [];
  return `Permission \`${policy}\` (roles: ${roles.join(', ')}); records of another alliance answer 404.`;
}

/** The error responses a route can give, from what it takes and who may call it. */
function errorStatuses(method: string, url: string, schema: RouteSchema, policy: RoutePolicy | undefined, multipart: boolean): number[] {
  const out = new Set<number>();
  const takesInput = !!(schema.body || schema.params || schema.querystring) || multipart || method !== 'GET';
  if (takesInput) out.add(400);
  if (policy && policy !== 'public') out.add(401);
  if (policy && policy !== 'public' && policy !== 'authenticated') out.add(403);
  if (url.includes(':') && policy !== 'public') out.add(404);
  if (method !== 'GET' && policy !== 'public') out.add(409);
  if (method === 'POST' && policy !== 'public') out.add(422);
  if (multipart) [413, 415, 422].forEach((s) => out.add(s));
  if (RATE_LIMITED.has(`${method} ${url}`)) [401, 422, 429].forEach((s) => out.add(s));
  return [...out].sort();
}

const transform: NonNullable<FastifyDynamicSwaggerOptions['transform']> = (input) => {
  const { route, url } = input;
  const schema = (input.schema ?? {}) as RouteSchema;
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) as string;
  const policy = (route.config as { policy?: RoutePolicy } | undefined)?.policy;
  const multipart = url.endsWith('/import') || url.endsWith('/attachments');
  const response: Record<string, unknown> = { ...(schema.response ?? {}) };
  // Files and the event stream have no JSON schema; they still answer 200.
  if (!Object.keys(response).some((s) => /^[23]/.test(s))) {
    const type = url.endsWith('/stream') ? 'text/event-stream' : 'application/octet-stream';
    response[200] = { description: type === 'text/event-stream' ? 'Server-sent events' : 'The file', content: { [type]: { schema: z.string().meta({ format: 'binary' }) } } };
  }
  for (const status of errorStatuses(method, url, schema, policy, multipart)) {
    response[status] ??= { description: ERROR_RESPONSES[status]!, content: { 'application/problem+json': { schema: ProblemResponse } } };
  }
  const documented: RouteSchema = {
    ...schema,
    operationId: schema.operationId ?? operationIdOf(method, url),
    description: schema.description ?? [schema.summary, describePolicy(policy)].filter(Boolean).join('\n\n'),
    security: policy === 'public' ? [] : [{ [SESSION_SCHEME]: [] }],
    response,
  };
  return jsonSchemaTransform({ ...input, schema: documented } as Parameters<typeof jsonSchemaTransform>[0]);
};

/**
 * OpenAPI 3.0 says a nullable enum lists `null` among its values (its `default: null` is invalid
 * otherwise); zod's output leaves it out, so it is added everywhere at once here.
 */
function nullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullInNullableEnums);
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  Object.values(o).forEach(nullInNullableEnums);
}

const transformObject: NonNullable<FastifyDynamicSwaggerOptions['transformObject']> = (input) => {
  const doc = jsonSchemaTransformObject(input) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  nullInNullableEnums(doc.paths);
  nullInNullableEnums(doc.components);
  // The shared schemas are registered once for input and output; keep the ones a path uses.
  const text = JSON.stringify(doc.paths);
  for (const name of Object.keys(doc.components?.schemas ?? {})) if (!text.includes(`"#/components/schemas/${name}"`)) delete doc.components!.schemas![name];
  return doc as ReturnType<typeof jsonSchemaTransformObject>;
};

export function swaggerOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: {
        title: 'Fugong API',
        description: '复工 — resumption platform for industrial alliances. Errors are `application/problem+json` with a stable `code`.',
        version: '1',
        contact: { name: 'Fugong maintainers' },
      },
      servers: [{ url: '/', description: 'This deployment (the API is under /api)' }],
      tags: OPENAPI_TAGS,
      components: { securitySchemes: { [SESSION_SCHEME]: { type: 'apiKey', in: 'cookie', name: 'fugong_sid', description: 'The session cookie set by `POST /api/session`' } } },
      security: [{ [SESSION_SCHEME]: [] }],
    },
    transform,
    transformObject,
  };
}
