/**
 * The one error handler: every failure leaves as `application/problem+json` (RFC 9457) with a
 * stable `code`, a `detail` in the caller's language, the request id, and for bad input the list
 * of fields at fault. Server faults (5xx) never show their internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorCode, type FieldError } from '../errors';
import { type Locale, localeFromHeader, message } from '../i18n';

const zodLocales: Record<Locale, { localeError: (issue: never) => unknown }> = {
  'zh-CN': z.locales.zhCN(),
  'en-US': z.locales.en(),
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function requestLocale(req: FastifyRequest): Locale {
  return localeFromHeader(req.headers['accept-language']);
}

/** Localised sentence for one field error: our own codes first, then zod's locale for its issues. */
export function fieldMessage(locale: Locale, e: FieldError): string {
  const own = message(locale, e.code, e.params);
  if (own) return own;
  const fromZod = zodLocales[locale].localeError({ ...(e.params ?? {}), code: e.code } as never);
  if (typeof fromZod === 'string') return fromZod;
  if (fromZod && typeof fromZod === 'object' && 'message' in fromZod) return String(fromZod.message);
  return e.message ?? e.code;
}

/** Turns zod issues (as fastify-type-provider-zod reports them) into our field errors. */
function fromSchemaValidation(err: { validation: Array<{ keyword: string; instancePath: string; message?: string; params: Record<string, unknown> }> }, context: string | undefined): FieldError[] {
  return err.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    // Custom refinements carry our own code in params.params.code (see core/http/zod-helpers).
    const custom = v.keyword === 'custom' ? (v.params.params as { code?: string } | undefined) : undefined;
    const where = context && context !== 'body' ? `${context}${path ? '.' + path : ''}` : path;
    if (custom?.code) return { path: where, code: custom.code, params: custom as Record<string, unknown> };
    return { path: where, code: v.keyword, params: v.params };
  });
}

export function problem(req: FastifyRequest, code: ErrorCode | string, status: number, params: Record<string, unknown> = {}, errors?: FieldError[], extra: Record<string, unknown> = {}): ProblemDocument {
  const locale = requestLocale(req);
  const detail = message(locale, code, params) ?? message(locale, status >= 500 ? 'internal' : 'validation_failed')!;
  const doc: ProblemDocument = {
    type: `urn:fugong:problem:${code}`,
    title: code,
    status,
    code,
    detail,
    // Never echo a huge URL back (e.g. a 100k query string): keep its path, capped.
    instance: req.url.length <= 512 ? req.url : req.url.split('?')[0]!.slice(0, 512),
    requestId: req.id,
    ...extra,
  };
  if (errors?.length) doc.errors = errors.map((e) => ({ path: e.path, code: e.code, message: fieldMessage(locale, e), ...(e.params ? { params: sanitizeParams(e.params) } : {}) }));
  return doc;
}

/** Keep only plain values in params sent back to clients (never echo large inputs). */
function sanitizeParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'input') continue;
    if (['string', 'number', 'boolean'].includes(typeof v) || v === null) out[k] = typeof v === 'string' ? v.slice(0, 200) : v;
    else if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) out[k] = v.slice(0, 50);
  }
  return out;
}

function send(reply: FastifyReply, doc: ProblemDocument): FastifyReply {
  if (doc.status === 429 && typeof doc.retryAfter === 'number') reply.header('retry-after', String(doc.retryAfter));
  return reply.code(doc.status).type('application/problem+json; charset=utf-8').send(doc);
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, req, reply) => {
    if (error instanceof AppError) {
      return send(reply, problem(req, error.code, error.status, error.params, error.fieldErrors, error.extra));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const ctx = (error as FastifyError).validationContext;
      return send(reply, problem(req, 'validation_failed', 400, {}, fromSchemaValidation(error, ctx)));
    }
    const fe = error as FastifyError;
    const status = fe.statusCode ?? 500;
    if (status < 500) {
      // Fastify's own 4xx: malformed JSON, wrong content type, body too large, etc.
      const code: ErrorCode =
        status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 404 ? 'not_found' : 'validation_failed';
      const errors = code === 'validation_failed' ? [{ path: 'body', code: fe.code ?? 'invalid', message: fe.message }] : undefined;
      return send(reply, problem(req, code, status, {}, errors));
    }
    req.log.error({ err: error }, 'request failed');
    return send(reply, problem(req, 'internal', 500));
  });

  app.setNotFoundHandler((req, reply) => send(reply, problem(req, 'not_found', 404)));
}
