/**
 * Per-request identity and authorization: resolves the session cookie into an `Actor`, then
 * enforces the route's declared policy before any handler runs. A route without a policy cannot
 * even be registered (see `assertRoutePolicy`).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Actor, RoutePolicy } from '../auth/policy';
import { ACTIONS, can } from '../auth/policy';
import type { Ctx, Deps } from '../context';
import { AppError } from '../errors';
import { requestLocale } from './problem';
import { SESSION_COOKIE, hashToken, resolveActor, resolveCachedActor } from '../../modules/auth/auth.service';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Alliances the actor may switch to. */
    allianceIds: number[];
  }
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

/** Routes that belong to the API documentation UI and need no policy of their own. */
const DOC_PREFIX = '/api/docs';

export function routePolicyOf(route: Pick<RouteOptions, 'url' | 'config'>): RoutePolicy | undefined {
  return (route.config as { policy?: RoutePolicy } | undefined)?.policy;
}

export function assertRoutePolicy(route: RouteOptions): void {
  if (!route.url.startsWith('/api') || route.url.startsWith(DOC_PREFIX)) return;
  const policy = routePolicyOf(route);
  if (!policy) throw new Error(`route ${route.method} ${route.url} has no policy`);
  if (policy !== 'public' && policy !== 'authenticated' && !(policy in ACTIONS)) {
    throw new Error(`route ${route.method} ${route.url} names unknown policy ${policy}`);
  }
}

export function registerRequestContext(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('allianceIds', null as unknown as number[]);
  app.addHook('onRoute', assertRoutePolicy);

  // A callback hook, not an async one: most requests (health, the web app's files, anyone not
  // signed in, a signed-in session this process has cached) finish it without a promise.
  app.addHook('onRequest', (req, _reply, done) => {
    req.allianceIds = [];
    const url = req.url;
    if (!url.startsWith('/api') || url.startsWith(DOC_PREFIX)) return done();
    const policy = req.routeOptions.config?.policy;
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return done(refusal(req, policy));
    const sessionId = hashToken(token);
    const cached = resolveCachedActor(deps, sessionId);
    if (cached) {
      req.actor = cached.actor;
      req.allianceIds = cached.allianceIds;
      return done(refusal(req, policy));
    }
    resolveActor(deps, token, sessionId).then(
      (resolved) => {
        if (resolved) {
          req.actor = resolved.actor;
          req.allianceIds = resolved.allianceIds;
        }
        done(refusal(req, policy));
      },
      (err: Error) => done(err),
    );
  });
}

/** Why the route's policy refuses this request, or undefined when it may proceed. */
function refusal(req: FastifyRequest, policy: RoutePolicy | undefined): AppError | undefined {
  if (!policy || policy === 'public') return undefined;
  if (!req.actor) return new AppError('unauthenticated');
  if (policy === 'authenticated') return undefined;
  return can(req.actor, policy) ? undefined : new AppError('forbidden');
}

/** The service context of an authenticated request (the policy hook has run). */
export function ctxOf(req: FastifyRequest): Ctx {
  if (!req.actor) throw new AppError('unauthenticated');
  return { actor: req.actor, requestId: req.id, locale: requestLocale(req) };
}
