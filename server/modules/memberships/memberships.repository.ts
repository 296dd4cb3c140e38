/** Queries of join requests and of memberships seen from the firm's side. */
import type { Executor } from '../../core/db/database';

const requestColumns = [
  'mr.id', 'mr.status', 'mr.alliance_id', 'a.name as alliance_name', 'mr.enterprise_id', 'e.name as enterprise_name', 'e.credit_code',
  'mr.requested_by', 'u.display_name as requested_by_name', 'mr.requested_at', 'mr.decided_at',
] as const;

function requests(db: Executor) {
  return db
    .selectFrom('membership_requests as mr')
    .innerJoin('alliances as a', 'a.id', 'mr.alliance_id')
    .innerJoin('enterprises as e', 'e.id', 'mr.enterprise_id')
    .leftJoin('users as u', 'u.id', 'mr.requested_by');
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export function findRequest(db: Executor, id: number) {
  return requests(db).select(requestColumns).where('mr.id', '=', id).executeTakeFirst();
}

export function findPendingRequest(db: Executor, allianceId: number, enterpriseId: number) {
  return requests(db).select(requestColumns).where('mr.alliance_id', '=', allianceId).where('mr.enterprise_id', '=', enterpriseId).where('mr.status', '=', 'pending').executeTakeFirst();
}

/** Requests filtered by the asking alliance or by the answering firms (`enterpriseIds` null = every firm). */
export async function listRequests(
  db: Executor,
  f: { allianceId?: number; enterpriseIds?: readonly number[] | null; status?: string },
  page: { offset: number; limit: number },
) {
  let q = requests(db);
  if (f.allianceId !== undefined) q = q.where('mr.alliance_id', '=', f.allianceId);
  if (f.enterpriseIds) q = f.enterpriseIds.length ? q.where('mr.enterprise_id', 'in', [...f.enterpriseIds]) : q.where('mr.id', '=', -1);
  if (f.status) q = q.where('mr.status', '=', f.status);
  const items = await q.select(requestColumns).orderBy('mr.requested_at', 'desc').orderBy('mr.id', 'desc').offset(page.offset).limit(page.limit).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export async function insertRequest(db: Executor, row: { alliance_id: number; enterprise_id: number; requested_by: number; requested_at: string }): Promise<number> {
  const r = await db.insertInto('membership_requests').values({ ...row, status: 'pending' }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Answers a request that is still pending; false when someone answered it first. */
export async function decideRequest(db: Executor, id: number, status: 'accepted' | 'refused', by: number, at: string): Promise<boolean> {
  const r = await db.updateTable('membership_requests').set({ status, decided_by: by, decided_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The firm's current memberships, with the alliances' names. */
export function firmMemberships(db: Executor, enterpriseId: number) {
  return db
    .selectFrom('alliance_members as am')
    .innerJoin('alliances as a', 'a.id', 'am.alliance_id')
    .innerJoin('enterprises as e', 'e.id', 'am.enterprise_id')
    .select(['am.alliance_id', 'a.name as alliance_name', 'am.joined_at', 'am.share_history', 'am.reports_from', 'am.version', 'e.registered_by_alliance_id'])
    .where('am.enterprise_id', '=', enterpriseId)
    .orderBy('a.name')
    .execute();
}

/** Enabled accounts holding the firm's `enterprise_admin` grant: who answers for it. */
export async function firmAdmins(db: Executor, enterpriseId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_roles as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select('u.id')
    .where('g.role', '=', 'enterprise_admin')
    .where('g.enterprise_id', '=', enterpriseId)
    .where('u.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}

export async function platformAdmins(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('user_roles as g').innerJoin('users as u', 'u.id', 'g.user_id').select('u.id').where('g.role', '=', 'platform_admin').where('u.disabled', '=', 0).execute();
  return rows.map((r) => r.id);
}

/** Firms by id with their count of pending requests. */
export function firmsWithPending(db: Executor, enterpriseIds: readonly number[] | null) {
  let q = db
    .selectFrom('enterprises as e')
    .select((eb) => [
      'e.id', 'e.name', 'e.credit_code',
      eb.selectFrom('membership_requests as mr').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('mr.enterprise_id', '=', 'e.id').where('mr.status', '=', 'pending').as('pending'),
    ]);
  if (enterpriseIds) q = enterpriseIds.length ? q.where('e.id', 'in', [...enterpriseIds]) : q.where('e.id', '=', -1);
  else q = q.where((eb) => eb.exists(eb.selectFrom('membership_requests as mr').select('mr.id').whereRef('mr.enterprise_id', '=', 'e.id').where('mr.status', '=', 'pending')));
  return q.orderBy('e.name').orderBy('e.id').limit(200).execute();
}
