/**
 * The one way the web app talks to the API: same-origin fetch with the session cookie, the UI
 * language in `Accept-Language`, and every failure turned into a typed {@link ApiError} parsed
 * from the server's `application/problem+json` document.
 */
import { currentLocale } from './i18n';

export interface FieldProblem {
  path: string;
  code: string;
  message?: string;
  params?: Record<string, unknown>;
}

export interface RowProblem {
  row: number;
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's sentence in the request language (fallback when we have no translation). */
    readonly detail: string,
    readonly requestId: string | null,
    readonly errors: FieldProblem[] = [],
    readonly params: Record<string, unknown> = {},
    readonly rowErrors: RowProblem[] = [],
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

/** A failure before any answer arrived (offline, DNS, server down). */
export const networkError = () => new ApiError(0, 'network', '', null);

type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=2` from the defined, non-empty values of `query`. */
export function queryString(query: Query = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Sent as the `Idempotency-Key` header (create requests). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const doc = (await res.json()) as Record<string, unknown>;
      const code = typeof doc.code === 'string' ? doc.code : res.status >= 500 ? 'internal' : 'unknown';
      const errors = Array.isArray(doc.errors) ? (doc.errors as FieldProblem[]) : [];
      const rowErrors = Array.isArray(doc.rowErrors) ? (doc.rowErrors as RowProblem[]) : [];
      const params: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc)) if (typeof v === 'number' || typeof v === 'string') params[k] = v;
      if (rowErrors.length) params.count = rowErrors.length;
      return new ApiError(res.status, code, typeof doc.detail === 'string' ? doc.detail : '', typeof doc.requestId === 'string' ? doc.requestId : null, errors, params, rowErrors);
    } catch {
      /* fall through */
    }
  }
  return new ApiError(res.status, res.status >= 500 ? 'internal' : 'unknown', '', null);
}

/** Sends a request and returns the raw response when it succeeded; throws {@link ApiError} otherwise. */
export async function send(path: string, opts: RequestOptions & { rawBody?: BodyInit } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': currentLocale(), Accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`/api${path}${queryString(opts.query)}`, { method: opts.method ?? 'GET', headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw networkError();
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/** JSON request → parsed JSON answer of type `T` (a `z.infer` of the route's response schema). */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A fresh random token: 128 bits as 32 hex digits. */
export function randomHex(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** A fresh key for one submission attempt (reused when the same submission is retried). */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : randomHex();
}

/**
 * The file name a `Content-Disposition` header gives (RFC 6266): the UTF-8 `filename*` (RFC 5987
 * `UTF-8''%E4%BC%9A…`) when present — the plain `filename` is only an ASCII fallback for old
 * clients — else `filename`, else null.
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([\w!#$&+.^`|~-]+)'[\w-]*'([^;\s]+)/i.exec(header);
  if (extended) {
    try {
      // decodeURIComponent is UTF-8 and throws on a malformed escape; ISO-8859-1 maps byte to char.
      const name = extended[1].toLowerCase() === 'utf-8' ? decodeURIComponent(extended[2]) : extended[2].replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      if (name) return name;
    } catch {
      /* a malformed extended value: use the fallback */
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!plain) return null;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2];
}

/** Saves a response body as a file (every download goes through here). */
export async function downloadResponse(res: Response, fallbackName: string): Promise<void> {
  const name = filenameFromDisposition(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
