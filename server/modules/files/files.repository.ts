/** Rows of the file store. Deleted files (soft-deleted) are never returned. */
import type { Executor } from '../../core/db/database';

export async function insertFile(
  db: Executor,
  row: { owner_type: string; owner_id: number; alliance_id: number | null; sha256: string; storage_path: string; mime: string; size: number; original_name: string; visibility: string; uploaded_by: number | null; created_at: string },
): Promise<number> {
  const r = await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

function files(db: Executor) {
  return db
    .selectFrom('files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.owner_type', 'f.owner_id', 'f.alliance_id', 'f.sha256', 'f.storage_path', 'f.mime', 'f.size', 'f.original_name', 'f.visibility', 'f.uploaded_by', 'u.display_name as uploader_name', 'f.created_at'])
    .where('f.deleted_at', 'is', null);
}

export function findFile(db: Executor, id: number) {
  return files(db).where('f.id', '=', id).executeTakeFirst();
}

/** An owner's files, oldest first; internal ones only when asked for. */
export function listFiles(db: Executor, ownerType: string, ownerId: number, includeInternal: boolean) {
  let q = files(db).where('f.owner_type', '=', ownerType).where('f.owner_id', '=', ownerId);
  if (!includeInternal) q = q.where('f.visibility', '=', 'public');
  return q.orderBy('f.id').execute();
}

export type FileRow = NonNullable<Awaited<ReturnType<typeof findFile>>>;

/** Soft-deletes a file; false when it was already gone. */
export async function markDeleted(db: Executor, id: number, by: number, at: string): Promise<boolean> {
  const r = await db.updateTable('files').set({ deleted_at: at, deleted_by: by }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
