import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ACTIONS, can, type Action, type Actor } from '../../core/auth/policy';
import type { Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { ctxOf } from '../../core/http/request-context';
import { immutableResponse } from '../../core/http/serializer';
import { listAlliancesByIds } from '../alliances/alliances.repository';
import { ChangePasswordBody, LoginBody, OkResponse, SessionResponse, SessionStateResponse, SwitchAllianceBody } from './auth.schema';
import * as service from './auth.service';

/**
 * What `GET /api/session` answered for an actor: an actor kept by the session cache is the same
 * object until anything it was built from changes (then the cache builds a new one), and so is
 * its alliance list (the alliances' names are among what empties the cache). The answer is
 * frozen (`immutableResponse`), so its JSON is encoded once, not on every request.
 */
const presented = new WeakMap<Actor, { allianceIds: number[]; session: SessionResponse }>();

/** The answer already built for this actor and alliance list, without a promise (the hot path). */
function presentedSession(actor: Actor, allianceIds: number[]): SessionResponse | undefined {
  const known = presented.get(actor);
  return known && known.allianceIds === allianceIds ? known.session : undefined;
}

async function presentSession(deps: Deps, actor: Actor, allianceIds: number[]): Promise<SessionResponse> {
  const known = presentedSession(actor, allianceIds);
  if (known) return known;
  const session = await buildSession(deps, actor, allianceIds);
  presented.set(actor, { allianceIds, session });
  return session;
}

async function buildSession(deps: Deps, actor: Actor, allianceIds: number[]): Promise<SessionResponse> {
  const alliances = await listAlliancesByIds(deps.db, allianceIds);
  return immutableResponse({
    user: { id: actor.userId, username: actor.username, displayName: actor.displayName, locale: actor.locale },
    allianceId: actor.allianceId,
    alliances: alliances.map((a) => ({ id: a.id, name: a.name })),
    roles: [...actor.roles],
    workingGroups: [...actor.workingGroups],
    enterpriseIds: [...actor.enterpriseIds],
    caseload: [...actor.caseload],
    // Copies: the answer is frozen, the actor's own grants are not ours to freeze.
    grants: actor.grants.map((g) => ({ ...g })),
    permissions: (Object.keys(ACTIONS) as Action[]).filter((a) => can(actor, a)),
  });
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expires: Date) {
  reply.setCookie(service.SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    expires,
  });
}

export function authRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['session'];

  app.post('/session', { config: { policy: 'public' }, schema: { tags, summary: 'Sign in', body: LoginBody, response: { 200: SessionResponse } } }, async (req, reply) => {
    const result = await service.login(deps, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });
    setSessionCookie(req, reply, result.token, result.expiresAt);
    return presentSession(deps, result.actor, result.allianceIds);
  });

  app.get('/session', { config: { policy: 'authenticated' }, schema: { tags, summary: 'The signed-in person', response: { 200: SessionResponse } } }, (req) => {
    // Not async: an answer already presented goes out without a promise. (The policy hook has
    // refused a request without an actor; ctxOf would also negotiate a locale this does not use.)
    const actor = req.actor;
    if (!actor) throw new AppError('unauthenticated');
    return presentedSession(actor, req.allianceIds) ?? presentSession(deps, actor, req.allianceIds);
  });

  // The web app's probe: a signed-out visitor is an answer, not an error (no 401 for the browser
  // to log on the sign-in page).
  app.get(
    '/session/state',
    { config: { policy: 'public' }, schema: { tags, summary: 'Whether anyone is signed in, and who', response: { 200: SessionStateResponse } } },
    async (req) => (req.actor ? { signedIn: true, session: await presentSession(deps, req.actor, req.allianceIds) } : { signedIn: false, session: null }),
  );

  app.delete('/session', { config: { policy: 'authenticated' }, schema: { tags, summary: 'Sign out', response: { 200: OkResponse } } }, async (req, reply) => {
    await service.logout(deps, ctxOf(req));
    reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.put('/session/alliance', { config: { policy: 'account.self' }, schema: { tags, summary: 'Switch the current alliance', body: SwitchAllianceBody, response: { 200: SessionResponse } } }, async (req) => {
    const ctx = ctxOf(req);
    await service.switchAlliance(deps, ctx, req.body.allianceId, req.allianceIds);
    const token = req.cookies[service.SESSION_COOKIE] as string;
    const resolved = await service.resolveActor(deps, token);
    return presentSession(deps, resolved!.actor, resolved!.allianceIds);
  });

  app.put('/session/password', { config: { policy: 'account.self' }, schema: { tags, summary: 'Change my password (ends my other sessions)', body: ChangePasswordBody, response: { 200: OkResponse } } }, async (req) => {
    await service.changePassword(deps, ctxOf(req), { ...req.body, ip: req.ip });
    return { ok: true as const };
  });
}
