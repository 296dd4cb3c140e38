/** Queries of people and their role grants within an alliance. */
import { sql } from 'kysely';
import type { Executor } from '../../core/db/database';

/** Users with any grant in the alliance or speaking for one of its member enterprises. */
function inAlliance(db: Executor, allianceId: number) {
  return db
    .selectFrom('users as u')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as g')
          .leftJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'g.enterprise_id').on('am.alliance_id', '=', allianceId))
          .select(sql`1`.as('one'))
          .whereRef('g.user_id', '=', 'u.id')
          .where((w) => w.or([w('g.alliance_id', '=', allianceId), w('am.alliance_id', '=', allianceId)])),
      ),
    );
}

export function listUsers(db: Executor, allianceId: number, f: UserFilter, page: { offset: number; limit: number }) {
  return pageOfUsers(inAlliance(db, allianceId), f, page);
}

/** Accounts holding a grant of one of these firms (a firm admin's people). */
function ofFirms(db: Executor, enterpriseIds: readonly number[]) {
  const ids = enterpriseIds.length ? [...enterpriseIds] : [-1];
  return db.selectFrom('users as u').where((eb) => eb.exists(eb.selectFrom('user_roles as g').select(sql`1`.as('one')).whereRef('g.user_id', '=', 'u.id').where('g.enterprise_id', 'in', ids)));
}

export function listUsersOfFirms(db: Executor, enterpriseIds: readonly number[], f: UserFilter, page: { offset: number; limit: number }) {
  return pageOfUsers(ofFirms(db, enterpriseIds), f, page);
}

interface UserFilter {
  q?: string;
  role?: string;
}

/** One page of accounts of `base`, searched by name and filtered by role. */
async function pageOfUsers(base: ReturnType<typeof ofFirms>, f: UserFilter, page: { offset: number; limit: number }) {
  let q = base;
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Backslash escapes % and _ (SQLite has no default LIKE escape character).
    q = q.where((eb) => eb.or([sql<boolean>`${sql.ref('u.username')} like ${like} escape '\\'`, sql<boolean>`${sql.ref('u.display_name')} like ${like} escape '\\'`]));
  }
  if (f.role) q = q.where((eb) => eb.exists(eb.selectFrom('user_roles as g2').select(sql`1`.as('one')).whereRef('g2.user_id', '=', 'u.id').where('g2.role', '=', f.role!)));
  const items = await q.selectAll('u').orderBy('u.username').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export function findUserOfFirms(db: Executor, enterpriseIds: readonly number[], userId: number) {
  return ofFirms(db, enterpriseIds).selectAll('u').where('u.id', '=', userId).executeTakeFirst();
}

/** Whether the firm has an admin account already (enabled or not). */
export async function hasFirmAdmin(db: Executor, enterpriseId: number): Promise<boolean> {
  return !!(await db.selectFrom('user_roles').select('id').where('role', '=', 'enterprise_admin').where('enterprise_id', '=', enterpriseId).executeTakeFirst());
}

export function findUserInAlliance(db: Executor, allianceId: number, userId: number) {
  return inAlliance(db, allianceId).selectAll('u').where('u.id', '=', userId).executeTakeFirst();
}

export function grantsOf(db: Executor, userIds: number[]) {
  if (!userIds.length) return Promise.resolve([]);
  // The firm's name comes along, so a firm role reads "企业管理员 · 某某皮革" rather than an id.
  return db
    .selectFrom('user_roles as r')
    .leftJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .selectAll('r')
    .select('e.name as enterprise_name')
    .where('r.user_id', 'in', userIds)
    .orderBy('r.id')
    .execute();
}

export async function insertUser(db: Executor, row: { username: string; display_name: string; password_hash: string; locale: string; at: string }): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({ username: row.username, display_name: row.display_name, password_hash: row.password_hash, locale: row.locale, disabled: 0, phone: null, password_changed_at: row.at, created_at: row.at, updated_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertGrant(db: Executor, g: { user_id: number; role: string; alliance_id: number | null; working_group: string | null; enterprise_id: number | null }) {
  await db.insertInto('user_roles').values(g).execute();
}

export async function updateUser(db: Executor, id: number, version: number, changes: Partial<{ display_name: string; disabled: number; locale: string; updated_at: string }>) {
  const r = await db.updateTable('users').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets a new password hash when `version` is current; false when someone changed the account first. */
export async function resetPassword(db: Executor, id: number, version: number, hash: string, at: string) {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ password_hash: hash, password_changed_at: at, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function isMember(db: Executor, allianceId: number, enterpriseId: number) {
  return !!(await db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).executeTakeFirst());
}

export async function listAudit(db: Executor, allianceId: number, f: { targetType?: string; targetId?: string }, page: { offset: number; limit: number }) {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id').where('a.alliance_id', '=', allianceId);
  if (f.targetType) q = q.where('a.target_type', '=', f.targetType);
  if (f.targetId) q = q.where('a.target_id', '=', f.targetId);
  const items = await q.selectAll('a').select('u.display_name as actor_name').orderBy('a.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

/**
 * Enabled users who can be handed work in the alliance, with those grants: its staff, platform
 * admins and the city-wide pool of experts (who may handle problems and attend meetings).
 */
export function staffDirectory(db: Executor, allianceId: number) {
  return db
    .selectFrom('user_roles as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name', 'g.role', 'g.working_group'])
    .where('u.disabled', '=', 0)
    .where((eb) => eb.or([eb.and([eb('g.alliance_id', '=', allianceId), eb('g.role', 'in', ['secretary', 'group_member', 'commissioner'])]), eb('g.role', 'in', ['platform_admin', 'expert'])]))
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
}
