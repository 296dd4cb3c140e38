/**
 * Sign-in, sessions and the actor behind a request.
 *
 * Sessions live in the database (shared by every server process): the browser holds a random
 * token, the table holds its SHA-256. A session ends when idle too long, when its absolute
 * lifetime runs out, on logout, on password change (the other sessions) and when the account is
 * disabled. Sign-in is rate-limited from the attempts table, so limits hold across processes too:
 *
 * - 5 failures for one account from one address lock that account *from that address* for the
 *   15-minute window — an attacker guessing from one address cannot lock the real user out;
 * - 50 failures for one account from any addresses lock the account everywhere (the backstop
 *   against guessing from many addresses; more than one address can send, see the next rule);
 * - 30 failures from one address, over any accounts, lock that address.
 *
 * A disabled account answers exactly like a wrong password (same code, same work done: the
 * password is always checked), so the answer never tells that the password was right; the
 * attempt is audited.
 */
import { hash, randomBytes } from 'node:crypto';
import type { Actor, RoleGrant } from '../../core/auth/policy';
import { DUMMY_HASH, hashPassword, isStrongEnough, verifyPassword } from '../../core/auth/password';
import type { Role, WorkingGroup } from '../../core/auth/roles';
import { recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import type { Locale } from '../../core/i18n';
import { announceSessionsEnded } from '../notifications/bus';
import * as repo from './auth.repository';
import { sessionCacheFor, type ResolvedSession } from './session-cache';

export const SESSION_COOKIE = 'fugong_sid';
export const ATTEMPT_WINDOW_MS = 15 * 60_000;
/** Failures for one account from one address before that address is locked out of the account. */
export const MAX_FAILURES_PER_USER_IP = 5;
/** Failures for one account from all addresses before the account is locked everywhere. */
export const MAX_FAILURES_PER_USER = 50;
/** Failures from one address, over all accounts, before the address is locked. */
export const MAX_FAILURES_PER_IP = 30;
/**
 * A session's last activity is written at most this often (a write per request would be a
 * write per request), and never less often than a tenth of the idle limit — otherwise a short
 * limit (SESSION_IDLE_MINUTES=1) would end sessions in active use.
 */
const TOUCH_AT_MOST_EVERY_MS = 60_000;
const touchInterval = (idleMinutes: number) => Math.min(TOUCH_AT_MOST_EVERY_MS, (idleMinutes * 60_000) / 10);

/** A session's id: the SHA-256 of its token (one-shot `hash`: a quarter of `createHash`'s time, and it runs on every signed-in request). */
export const hashToken = (token: string) => hash('sha256', token, 'hex');

const GLOBAL_ROLES: ReadonlySet<Role> = new Set(['platform_admin', 'expert']);

function toGrant(r: { role: string; alliance_id: number | null; working_group: string | null; enterprise_id: number | null }): RoleGrant {
  return { role: r.role as Role, allianceId: r.alliance_id, workingGroup: r.working_group as WorkingGroup | null, enterpriseId: r.enterprise_id };
}

interface Membership {
  grants: RoleGrant[];
  /** alliance id → enterprises of the user that are members there */
  enterpriseAlliances: Map<number, number[]>;
  allianceIds: number[];
}

async function loadMembership(deps: Deps, userId: number): Promise<Membership> {
  const grants = (await repo.listGrants(deps.db, userId)).map(toGrant);
  const enterpriseIds = grants.filter((g) => g.enterpriseId !== null).map((g) => g.enterpriseId as number);
  return membershipOf(deps, grants, await repo.alliancesOfEnterprises(deps.db, enterpriseIds));
}

async function membershipOf(deps: Deps, grants: RoleGrant[], enterpriseMemberships: readonly { alliance_id: number; enterprise_id: number }[]): Promise<Membership> {
  const enterpriseAlliances = new Map<number, number[]>();
  for (const m of enterpriseMemberships) {
    const list = enterpriseAlliances.get(m.alliance_id);
    if (!list) enterpriseAlliances.set(m.alliance_id, [m.enterprise_id]);
    else if (!list.includes(m.enterprise_id)) list.push(m.enterprise_id);
  }
  let allianceIds: number[];
  if (grants.some((g) => GLOBAL_ROLES.has(g.role))) {
    allianceIds = (await repo.listAllAllianceIds(deps.db)).map((a) => a.id);
  } else {
    const set = new Set<number>(grants.filter((g) => g.allianceId !== null).map((g) => g.allianceId as number));
    for (const id of enterpriseAlliances.keys()) set.add(id);
    allianceIds = [...set].sort((a, b) => a - b);
  }
  return { grants, enterpriseAlliances, allianceIds };
}

async function buildActor(
  deps: Deps,
  s: { sessionId: string; userId: number; username: string; displayName: string; locale: string },
  m: Membership,
  allianceId: number | null,
): Promise<Actor> {
  const roles = new Set<Role>();
  const workingGroups: WorkingGroup[] = [];
  const enterpriseIds = allianceId === null ? [] : (m.enterpriseAlliances.get(allianceId) ?? []);
  for (const g of m.grants) {
    if (GLOBAL_ROLES.has(g.role)) roles.add(g.role);
    else if (g.enterpriseId !== null) {
      if (enterpriseIds.includes(g.enterpriseId)) roles.add(g.role);
    } else if (g.allianceId !== null && g.allianceId === allianceId) {
      roles.add(g.role);
      if (g.role === 'group_member' && g.workingGroup) workingGroups.push(g.workingGroup);
    }
  }
  const caseload = roles.has('commissioner') && allianceId !== null ? await repo.caseloadOf(deps.db, s.userId, allianceId) : [];
  return {
    userId: s.userId,
    username: s.username,
    displayName: s.displayName,
    locale: (s.locale === 'en-US' ? 'en-US' : 'zh-CN') as Locale,
    sessionId: s.sessionId,
    allianceId,
    grants: m.grants,
    roles,
    workingGroups,
    enterpriseIds,
    caseload,
  };
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
  allianceIds: number[];
}

/**
 * Records an attempt on `username` from `ip` — as a failure, before its password is checked — or
 * refuses it with 429 `rate_limited` when a limit is already reached. Counting and recording are
 * one serialised transaction, so parallel attempts cannot all pass the check before any of them
 * is recorded: however many arrive at once, at most the limit's worth get a password check. The
 * caller marks the attempt succeeded when the password was right. `passwordChangedAt` (the
 * account's) ends the account's lockout: only failures since then count against the account;
 * the address's own count is unaffected.
 */
async function claimAttempt(deps: Deps, username: string, ip: string, passwordChangedAt: string | undefined): Promise<number> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - ATTEMPT_WINDOW_MS).toISOString();
  const accountSince = passwordChangedAt && passwordChangedAt > since ? passwordChangedAt : since;
  return deps.db.transaction().execute(async (trx) => {
    await repo.serialiseAttempts(trx, deps.dialect, username, ip);
    const id = await repo.recordLoginAttempt(trx, { username, ip, at: now.toISOString(), success: false });
    // The counts include this attempt, hence `>`: it is refused when the ones before it reached the limit.
    const failures = await repo.recentFailures(trx, username, ip, since, accountSince);
    const locked: repo.FailureScope | null =
      failures.byUser > MAX_FAILURES_PER_USER ? { username }
      : failures.byIp > MAX_FAILURES_PER_IP ? { ip }
      : failures.byUserIp > MAX_FAILURES_PER_USER_IP ? { username, ip }
      : null;
    if (locked) {
      // Thrown inside the transaction: the refused attempt is not recorded, so hammering a locked
      // account does not keep it locked past the window.
      const first = await repo.oldestFailureSince(trx, locked, 'username' in locked ? accountSince : since);
      const retryAfter = Math.max(1, Math.ceil(((first ? Date.parse(first) : now.getTime()) + ATTEMPT_WINDOW_MS - now.getTime()) / 1000));
      throw new AppError('rate_limited', { retryAfter }, [], { retryAfter });
    }
    return id;
  });
}

export async function login(deps: Deps, input: { username: string; password: string; ip: string; userAgent: string | null; requestId: string }): Promise<LoginResult> {
  const now = deps.clock.now();
  const username = input.username.trim();
  const user = await repo.findUserByUsername(deps.db, username);
  const attemptId = await claimAttempt(deps, username, input.ip, user?.password_changed_at);

  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    // One path for every refusal of a known account, whatever the reason: the same reads, the
    // same answer (the attempt is already recorded as a failure). An attempt on a disabled
    // account is audited in the account's (first) alliance, where the secretary who disabled it
    // reads the log.
    const allianceId = user ? ((await loadMembership(deps, user.id)).allianceIds[0] ?? null) : null;
    if (user?.disabled) {
      await recordAudit(deps.db, { actorUserId: null, allianceId, action: 'session.login_refused', targetType: 'user', targetId: user.id, requestId: input.requestId, at: now, detail: { reason: 'account_disabled', passwordCorrect: ok, ip: input.ip } });
    }
    throw new AppError('invalid_credentials');
  }

  const membership = await loadMembership(deps, user.id);
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  const expiresAt = new Date(now.getTime() + deps.config.session.absoluteHours * 3_600_000);
  const allianceId = membership.allianceIds[0] ?? null;
  await deps.db.transaction().execute(async (trx) => {
    await repo.markAttemptSucceeded(trx, attemptId);
    await repo.insertSession(trx, { id: sessionId, userId: user.id, allianceId, now: now.toISOString(), expiresAt: expiresAt.toISOString(), ip: input.ip, userAgent: input.userAgent });
    await recordAudit(trx, { actorUserId: user.id, allianceId, action: 'session.login', targetType: 'user', targetId: user.id, requestId: input.requestId, at: now });
  });
  const actor = await buildActor(deps, { sessionId, userId: user.id, username: user.username, displayName: user.display_name, locale: user.locale }, membership, allianceId);
  return { token, expiresAt, actor, allianceIds: membership.allianceIds };
}

/** Whether a session last seen at `lastSeenMs` and ending at `expiresMs` is within its idle and absolute limits at `nowMs`. */
function withinLimits(deps: Deps, lastSeenMs: number, expiresMs: number, nowMs: number): boolean {
  return nowMs <= lastSeenMs + deps.config.session.idleMinutes * 60_000 && nowMs <= expiresMs;
}

/** Whether a session row no longer stands: its account is disabled, or it idled or aged out. */
function sessionOver(deps: Deps, s: { disabled: number; lastSeenAt: string; expiresAt: string }, now: Date): boolean {
  return !!s.disabled || !withinLimits(deps, Date.parse(s.lastSeenAt), Date.parse(s.expiresAt), now.getTime());
}

/** Whether activity is to be recorded now: the last recorded is older than the touch interval. */
const touchDue = (deps: Deps, lastSeenMs: number, nowMs: number) => nowMs - lastSeenMs >= touchInterval(deps.config.session.idleMinutes);

/**
 * Whether a session (by id, i.e. the token's hash) still stands — without counting as activity.
 * Long-lived connections (the notification stream) ask this to end with their session.
 */
export async function sessionIsLive(deps: Deps, sessionId: string): Promise<boolean> {
  const s = await repo.findSessionWithUser(deps.db, sessionId);
  return !!s && !sessionOver(deps, s, deps.clock.now());
}

/**
 * The actor behind a session id (the token's hash, `hashToken`) when this process's session
 * cache can answer on its own — the session is cached, within its limits, and no activity is due
 * to be recorded — without a promise or a query (most signed-in requests); undefined when
 * `resolveActor` must decide.
 */
export function resolveCachedActor(deps: Deps, sessionId: string): ResolvedSession | undefined {
  const hit = sessionCacheFor(deps)?.get(sessionId);
  if (!hit) return undefined;
  const nowMs = deps.clock.now().getTime();
  return withinLimits(deps, hit.lastSeenMs, hit.expiresMs, nowMs) && !touchDue(deps, hit.lastSeenMs, nowMs) ? hit.resolved : undefined;
}

/**
 * The actor behind a session token, or null when the session is missing, expired or disabled.
 * `sessionId` is the token's hash, when the caller has it already (the request hook, after
 * asking `resolveCachedActor`).
 */
export async function resolveActor(deps: Deps, token: string, sessionId = hashToken(token)): Promise<ResolvedSession | null> {
  const now = deps.clock.now();
  const nowMs = now.getTime();
  // Kept in memory between requests, emptied whenever this process commits a change to what it
  // is built from; other processes' changes within SESSION_CACHE_SECONDS (session-cache.ts).
  const cache = sessionCacheFor(deps);
  const hit = cache?.get(sessionId);
  if (hit) {
    if (withinLimits(deps, hit.lastSeenMs, hit.expiresMs, nowMs)) {
      if (touchDue(deps, hit.lastSeenMs, nowMs)) {
        hit.lastSeenMs = nowMs;
        await repo.touchSession(deps.db, sessionId, now.toISOString());
      }
      return hit.resolved;
    }
    // Over by this copy: the database decides (another process may have seen activity since).
    cache!.delete(sessionId);
  }
  const readSince = cache?.epoch ?? 0;
  const rows = await repo.findSessionWithGrants(deps.db, sessionId);
  const s = rows[0];
  if (!s) return null;
  if (sessionOver(deps, s, now)) {
    await repo.deleteSession(deps.db, sessionId);
    return null;
  }
  let lastSeenMs = Date.parse(s.lastSeenAt);
  if (touchDue(deps, lastSeenMs, nowMs)) {
    await repo.touchSession(deps.db, sessionId, now.toISOString());
    lastSeenMs = nowMs;
  }
  const grants: RoleGrant[] = [];
  const enterpriseMemberships: { alliance_id: number; enterprise_id: number }[] = [];
  let lastGrant: number | null = null;
  for (const r of rows) {
    if (r.grantId === null || r.role === null) continue;
    if (r.grantId !== lastGrant) {
      grants.push(toGrant({ role: r.role, alliance_id: r.grantAllianceId, working_group: r.working_group, enterprise_id: r.enterprise_id }));
      lastGrant = r.grantId;
    }
    if (r.enterprise_id !== null && r.enterpriseAllianceId !== null) enterpriseMemberships.push({ alliance_id: r.enterpriseAllianceId, enterprise_id: r.enterprise_id });
  }
  const membership = await membershipOf(deps, grants, enterpriseMemberships);
  let allianceId = s.allianceId;
  if (allianceId === null || !membership.allianceIds.includes(allianceId)) allianceId = membership.allianceIds[0] ?? null;
  const actor = await buildActor(deps, s, membership, allianceId);
  const resolved = { actor, allianceIds: membership.allianceIds };
  cache?.set(sessionId, { resolved, lastSeenMs, expiresMs: Date.parse(s.expiresAt) }, readSince);
  return resolved;
}

export async function logout(deps: Deps, ctx: Ctx): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, ctx.actor.sessionId);
    await recordAudit(trx, { actorUserId: ctx.actor.userId, allianceId: ctx.actor.allianceId, action: 'session.logout', targetType: 'user', targetId: ctx.actor.userId, requestId: ctx.requestId, at: deps.clock.now() });
  });
  await announceSessionsEnded(deps, [ctx.actor.userId]);
}

/**
 * Changes the password and ends every other session of the user. A wrong current password
 * counts as a failed sign-in of the account from the request's address (the same limits), so a
 * session left open cannot be used to guess the password without limit.
 */
export async function changePassword(deps: Deps, ctx: Ctx, input: { currentPassword: string; newPassword: string; ip: string }): Promise<void> {
  const user = await repo.findUserById(deps.db, ctx.actor.userId);
  if (!user) throw new AppError('unauthenticated');
  // Checked first: a refused new password spends no guess of the current one.
  if (!isStrongEnough(input.newPassword, deps.config.env)) {
    throw new AppError('password_too_weak', {}, [{ path: 'newPassword', code: 'password_too_weak' }]);
  }
  const attemptId = await claimAttempt(deps, user.username, input.ip, user.password_changed_at);
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('wrong_password', {}, [{ path: 'currentPassword', code: 'wrong_password' }]);
  }
  const hash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.markAttemptSucceeded(trx, attemptId);
    await repo.updatePassword(trx, user.id, hash, now.toISOString());
    await repo.deleteUserSessions(trx, user.id, ctx.actor.sessionId);
    await recordAudit(trx, { actorUserId: user.id, allianceId: ctx.actor.allianceId, action: 'user.password_change', targetType: 'user', targetId: user.id, requestId: ctx.requestId, at: now });
  });
  await announceSessionsEnded(deps, [user.id]);
}

/** Selects the alliance the session works in. Unknown or foreign alliances answer 404. */
export async function switchAlliance(deps: Deps, ctx: Ctx, allianceId: number, allowed: number[]): Promise<void> {
  if (!allowed.includes(allianceId)) throw new AppError('not_found');
  await deps.db.transaction().execute(async (trx) => {
    await repo.setSessionAlliance(trx, ctx.actor.sessionId, allianceId);
    await recordAudit(trx, { actorUserId: ctx.actor.userId, allianceId, action: 'session.switch_alliance', targetType: 'alliance', targetId: allianceId, requestId: ctx.requestId, at: deps.clock.now() });
  });
}

/** The actor for a user working in a given alliance, without a session (CLI, jobs). */
export async function actorForUser(deps: Deps, userId: number, allianceId: number): Promise<Actor> {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) throw new AppError('not_found');
  const membership = await loadMembership(deps, userId);
  return buildActor(deps, { sessionId: '', userId, username: user.username, displayName: user.display_name, locale: user.locale }, membership, allianceId);
}
