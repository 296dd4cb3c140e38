/**
 * What every response and every state-changing request goes through, whatever the route:
 *
 * - **Security headers** (Helmet's set, computed once at start-up — see `SECURITY_HEADERS`): a Content-Security-Policy that lets the built web
 *   app run (its scripts and styles from the same origin; `style-src 'unsafe-inline'` because
 *   Ant Design writes its component styles into `<style>` elements at run time), no framing
 *   (`frame-ancestors 'none'` and `X-Frame-Options: DENY`), `Referrer-Policy: no-referrer`,
 *   `X-Content-Type-Options: nosniff`; and `Strict-Transport-Security` only on requests that came
 *   over HTTPS (directly, or through a proxy trusted by FUGONG_TRUST_PROXY) — over plain HTTP it
 *   would be ignored, and a development server must stay reachable without a certificate.
 * - **Cross-site request refusal** (CSRF): a POST, PUT, PATCH or DELETE that a browser says comes
 *   from another site is refused before its body is read (403 `cross_site_request`). The browser's
 *   word is `Sec-Fetch-Site` (every current browser sends it; a page cannot forge it): only
 *   `same-origin` passes — `same-site` (a sibling subdomain) and `cross-site` do not. Without it, an
 *   `Origin` header must name this server's own host. A request with neither header is not from a
 *   browser (the CLI, scripts, server-to-server calls) and cannot carry a victim's cookie by
 *   accident, so it passes; the session cookie's SameSite=Lax stays as a second line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { TrustProxy } from '../../config';
import { AppError } from '../errors';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One year; the minimum ASVS 5.0 asks for. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * FUGONG_TRUST_PROXY as Fastify's `trustProxy` takes it. A hop count becomes proxy-addr's own
 * rule ("the first n hops from this server are proxies") written as a function, since Fastify's
 * type does not list the number form.
 */
export function trustProxyOption(tp: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof tp === 'number') return (_address, hop) => hop < tp;
  return tp;
}

/** Whether a state-changing request comes from a page of another site; null when it may proceed. */
export function crossSiteReason(req: Pick<FastifyRequest, 'headers' | 'host'>): string | null {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' ? null : `sec-fetch-site: ${site}`;
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `origin: ${origin}`; // "null" (sandboxed frames, file:) and garbage alike
  }
  return host.toLowerCase() === String(req.host).toLowerCase() ? null : `origin: ${origin}`;
}

/** The Content-Security-Policy of every response (the API docs page sets its own, held to the same limits). */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The headers every response carries: Helmet's defaults with our policy — no framing, no
 * referrer, COOP/CORP same-origin, no MIME sniffing (COEP off: the app embeds nothing from other
 * origins, and it would only break downloads opened in new tabs; HSTS is sent per request, below).
 * They depend on nothing in the request, so Helmet runs once, here, and its headers are kept:
 * running its middleware chain on every request parsed the CSP directives again each time (about
 * a seventh of a `GET /api/health`).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(
  headersOf(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES as Record<string, string[]> },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  ),
);

/** The headers a request-independent Connect middleware (Helmet) sets, by lower-case name. */
function headersOf(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (err) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('the security headers middleware did not finish synchronously');
  return headers;
}

export function registerSecurity(app: FastifyInstance): void {
  // One synchronous hook (an async one costs a promise per request): the fixed headers, HSTS
  // where it means something, and the cross-site refusal of state-changing requests.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (STATE_CHANGING.has(req.method)) {
      const reason = crossSiteReason(req);
      if (reason) {
        req.log.warn({ reason }, 'cross-site request refused');
        done(new AppError('cross_site_request'));
        return;
      }
    }
    done();
  });
}
