/**
 * Turning problems into sentences in the UI language. We translate by `code` (keys
 * `errors.<code>` and `fieldErrors.<code>`), interpolating the server's params, and fall back to
 * the server's own localised sentence when we have no translation.
 */
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError, type FieldProblem } from './api';
import { i18n } from './i18n';

function needsMissingParams(template: string, params: Record<string, unknown>): boolean {
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) if (params[m[1]] === undefined) return true;
  return false;
}

function translated(t: TFunction, key: string, params: Record<string, unknown>): string | undefined {
  // A plural string is stored as `key_other` (and `key_one`).
  const lookup = (lng: string) => i18n.getResource(lng, 'translation', key) ?? i18n.getResource(lng, 'translation', `${key}_other`);
  const raw: unknown = lookup(i18n.language) ?? lookup('zh-CN');
  if (typeof raw !== 'string' || needsMissingParams(raw, params)) return undefined;
  return t(key, params) as string;
}

/** The top-level sentence for any thrown error. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    return translated(t, `errors.${err.code}`, err.params) ?? (err.detail || t('errors.unknown'));
  }
  return t('errors.unknown');
}

/** The sentence for one field problem (server or browser validation). */
export function fieldMessage(t: TFunction, e: FieldProblem): string {
  const params = { ...(e.params ?? {}) };
  const code = e.code === 'custom' && typeof params.code === 'string' ? params.code : e.code;
  const origin = typeof params.origin === 'string' ? params.origin : undefined;
  if (code === 'invalid_format' && typeof params.format === 'string') {
    const byFormat = translated(t, `fieldErrors.invalid_format_${params.format}`, params);
    if (byFormat) return byFormat;
  }
  return (origin && translated(t, `fieldErrors.${code}_${origin}`, params)) || translated(t, `fieldErrors.${code}`, params) || e.message || t('fieldErrors.invalid');
}

/** `contacts.0.phone` → ['contacts', 0, 'phone'] (an antd Form name path). */
export function pathToName(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the server's field errors next to their fields (`formPath` renames a server path to the
 * form's, where the form is shaped differently from the request). Returns the problems that have
 * no field in the form (shown in the form's alert instead).
 */
export function applyFieldErrors(t: TFunction, form: FormInstance, err: unknown, formPath: (serverPath: string) => string = (p) => p): FieldProblem[] {
  if (!(err instanceof ApiError) || !err.errors.length) return [];
  const rest: FieldProblem[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  for (const e of err.errors) {
    const name = pathToName(formPath(e.path));
    if (registered.has(JSON.stringify(name))) fields.push({ name, errors: [fieldMessage(t, e)] });
    else rest.push(e);
  }
  form.setFields(fields);
  if (fields.length) form.scrollToField(fields[0].name, { block: 'center' });
  return rest;
}

/** A zod issue as a field problem (custom issues carry our own code in params.code). */
export function issueToProblem(issue: z.core.$ZodIssue): FieldProblem {
  // `a.or(b)` fails as a union; the first alternative says what was expected.
  if (issue.code === 'invalid_union' && issue.errors[0]?.[0]) return { ...issueToProblem(issue.errors[0][0]), path: issue.path.map(String).join('.') };
  const { path, message, ...rest } = issue as z.core.$ZodIssue & { params?: Record<string, unknown> };
  const params: Record<string, unknown> = { ...rest, ...(rest.params ?? {}) };
  delete params.params;
  return { path: path.map(String).join('.'), code: issue.code, message, params };
}

/** The antd Form rule for a field that must be filled in. */
export function requiredRule(t: TFunction) {
  return { required: true, message: t('fieldErrors.required') };
}

/**
 * An antd Form rule that runs the server's zod schema for one field in the browser. An empty
 * value is left to {@link requiredRule} (or allowed, for an optional field): a required field
 * left empty shows one message, not "required" and "required, or invalid" together.
 * (`optional` only documents the intent at the call site.) `schema` may be a loader: a form a phone
 * opens can fetch zod and the schema on its first check instead of with the page.
 */
export function zodRule(t: TFunction, schema: z.ZodType | (() => Promise<z.ZodType>), _opts: { optional?: boolean } = {}) {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const r = (typeof schema === 'function' ? await schema() : schema).safeParse(value);
      if (!r.success) throw new Error(fieldMessage(t, issueToProblem(r.error.issues[0])));
    },
  };
}
