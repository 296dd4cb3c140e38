/** Queries for accounts, sessions and login attempts. Callers own transactions. */
import { sql, type CompiledQuery } from 'kysely';
import type { Dialect } from '../../core/db/column-types';
import type { Db, Executor, Trx } from '../../core/db/database';

export function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Executor, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(db: Executor, row: { id: string; userId: number; allianceId: number | null; now: string; expiresAt: string; ip: string | null; userAgent: string | null }) {
  await db
    .insertInto('sessions')
    .values({
      id: row.id,
      user_id: row.userId,
      current_alliance_id: row.allianceId,
      created_at: row.now,
      last_seen_at: row.now,
      expires_at: row.expiresAt,
      ip: row.ip,
      user_agent: row.userAgent,
    })
    .execute();
}

/** A session and the account it signs in (every signed-in request reads these). */
const SESSION_COLUMNS = [
  'sessions.id as sessionId',
  'sessions.current_alliance_id as allianceId',
  'sessions.created_at as createdAt',
  'sessions.last_seen_at as lastSeenAt',
  'sessions.expires_at as expiresAt',
  'users.id as userId',
  'users.username',
  'users.display_name as displayName',
  'users.locale',
  'users.disabled',
] as const;

export function findSessionWithUser(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(SESSION_COLUMNS)
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
}

/**
 * A signed-in request's session, account and role grants in one statement: one row per grant
 * and per alliance the grant's enterprise belongs to (one row with null grant columns when the
 * account has no grant). Replaces three queries on every request.
 */
function sessionWithGrantsQuery(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_roles as g', 'g.user_id', 'users.id')
    .leftJoin('alliance_members as am', 'am.enterprise_id', 'g.enterprise_id')
    .select([
      ...SESSION_COLUMNS,
      'g.id as grantId',
      'g.role',
      'g.alliance_id as grantAllianceId',
      'g.working_group',
      'g.enterprise_id',
      'am.alliance_id as enterpriseAllianceId',
    ])
    .where('sessions.id', '=', sessionId)
    .orderBy('g.id');
}

type SessionWithGrantsRow = Awaited<ReturnType<ReturnType<typeof sessionWithGrantsQuery>['execute']>>[number];
// Built once per database: the statement is the same for every request, only the id differs.
const compiledSessionQuery = new WeakMap<object, CompiledQuery<SessionWithGrantsRow>>();

export async function findSessionWithGrants(db: Db, sessionId: string): Promise<SessionWithGrantsRow[]> {
  let compiled = compiledSessionQuery.get(db);
  if (!compiled) {
    compiled = sessionWithGrantsQuery(db, '').compile();
    if (compiled.parameters.length !== 1) throw new Error('the session query takes exactly the session id');
    compiledSessionQuery.set(db, compiled);
  }
  return (await db.executeQuery<SessionWithGrantsRow>({ ...compiled, parameters: [sessionId] })).rows;
}

export async function touchSession(db: Executor, sessionId: string, now: string) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function setSessionAlliance(db: Executor, sessionId: string, allianceId: number) {
  await db.updateTable('sessions').set({ current_alliance_id: allianceId }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Executor, userId: number, exceptSessionId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export function listGrants(db: Executor, userId: number) {
  return db
    .selectFrom('user_roles')
    .select(['role', 'alliance_id', 'working_group', 'enterprise_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** Alliances an enterprise belongs to (for enterprise roles, whose tenant follows their firm). */
export function alliancesOfEnterprises(db: Executor, enterpriseIds: number[]) {
  if (enterpriseIds.length === 0) return Promise.resolve([] as { alliance_id: number; enterprise_id: number }[]);
  return db
    .selectFrom('alliance_members')
    .select(['alliance_id', 'enterprise_id'])
    .where('enterprise_id', 'in', enterpriseIds)
    .execute();
}

export async function caseloadOf(db: Executor, userId: number, allianceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('commissioner_assignments')
    .select('enterprise_id')
    .where('user_id', '=', userId)
    .where('alliance_id', '=', allianceId)
    .execute();
  return rows.map((r) => r.enterprise_id);
}

export function listAllAllianceIds(db: Executor) {
  return db.selectFrom('alliances').select(['id']).orderBy('id').execute();
}

export async function recordLoginAttempt(db: Executor, a: { username: string; ip: string; at: string; success: boolean }): Promise<number> {
  const r = await db.insertInto('login_attempts').values({ username: a.username, ip: a.ip, at: a.at, success: a.success ? 1 : 0 }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function markAttemptSucceeded(db: Executor, id: number) {
  await db.updateTable('login_attempts').set({ success: 1 }).where('id', '=', id).execute();
}

/**
 * Makes concurrent attempts on one account, and from one address, take turns until `trx` ends,
 * so that "count the failures, then record this attempt" cannot interleave. PostgreSQL: two
 * transaction-scoped advisory locks, always the account's first, so two attempts can never wait
 * on each other in a cycle (a hash collision only makes unrelated attempts wait). SQLite has one
 * writer at a time: the caller's first statement is the insert, which takes the write lock
 * before anything is counted, in this process and in any other.
 */
export async function serialiseAttempts(trx: Trx, dialect: Dialect, username: string, ip: string) {
  if (dialect !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(4711, hashtext(${username}))`.execute(trx);
  await sql`SELECT pg_advisory_xact_lock(4712, hashtext(${ip}))`.execute(trx);
}

/** Which failed attempts to count: one account from one address, one account, or one address. */
export type FailureScope = { username: string; ip: string } | { username: string } | { ip: string };

function failuresIn(db: Executor, scope: FailureScope, since: string) {
  let q = db.selectFrom('login_attempts').where('success', '=', 0).where('at', '>=', since);
  if ('username' in scope) q = q.where('username', '=', scope.username);
  if ('ip' in scope) q = q.where('ip', '=', scope.ip);
  return q;
}

/**
 * Failed attempts since `since`: for the account from this address, for the account from
 * anywhere (both only since `accountSince`, e.g. its last new password), and from this address.
 */
export async function recentFailures(db: Executor, username: string, ip: string, since: string, accountSince = since) {
  const count = async (scope: FailureScope, from: string) => Number((await failuresIn(db, scope, from).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { byUserIp: await count({ username, ip }, accountSince), byUser: await count({ username }, accountSince), byIp: await count({ ip }, since) };
}

export async function oldestFailureSince(db: Executor, scope: FailureScope, since: string) {
  const row = await failuresIn(db, scope, since).select((eb) => eb.fn.min('at').as('first')).executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

export async function updatePassword(db: Executor, userId: number, hash: string, now: string) {
  await db
    .updateTable('users')
    .set((eb) => ({ password_hash: hash, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}
