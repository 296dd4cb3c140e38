/**
 * The file store's rules. A file belongs to an owner (type + id); the owner type's registered
 * rule (`files.owners.ts`) decides who may see, add and delete its files, so one store serves
 * every module. Uploads are content-checked and deduplicated by sha256 on disk; each upload is
 * one transaction with its row, the owner's own bookkeeping and the audit row. Deletion is soft:
 * the row stays for the audit trail, the file stops being listed or served.
 */
import type { ReadStream } from 'node:fs';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, forbidden, notFound } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { inspectUpload, openContent, storeContent, type Upload } from './files.content';
import { fileOwner, type FileOwner, type FileOwnerAccess, type FileVisibility, type OwnedFile } from './files.owners';
import * as repo from './files.repository';
import type { FileResponse } from './files.schema';

interface Resolved {
  owner: FileOwner;
  access: FileOwnerAccess;
}

/** The owner as the actor may see it; an unknown owner type is a field error, an unseen owner 404. */
async function resolve(db: Executor, ctx: Ctx, ownerType: string, ownerId: number): Promise<Resolved> {
  const owner = fileOwner(ownerType);
  if (!owner) throw new AppError('validation_failed', {}, [{ path: 'ownerType', code: 'unknown_owner_type' }]);
  const access = await owner.access(db, ctx, ownerId);
  if (!access) throw notFound();
  return { owner, access };
}

/** A stored file the actor may see, with its owner's access; otherwise 404. */
async function visibleFile(db: Executor, ctx: Ctx, id: number, expected?: { ownerType: string; ownerId: number }): Promise<Resolved & { row: repo.FileRow }> {
  const row = await repo.findFile(db, id);
  if (!row || (expected && (row.owner_type !== expected.ownerType || row.owner_id !== expected.ownerId))) throw notFound();
  const owner = fileOwner(row.owner_type);
  const access = owner ? await owner.access(db, ctx, row.owner_id) : null;
  if (!owner || !access || (row.visibility === 'internal' && !access.seesInternal)) throw notFound();
  return { owner, access, row };
}

const mayDelete = (ctx: Ctx, access: FileOwnerAccess, row: repo.FileRow) => access.manages || (access.mayAttach && row.uploaded_by === ctx.actor.userId);

const owned = (row: repo.FileRow): OwnedFile => ({ id: row.id, ownerId: row.owner_id, name: row.original_name, mime: row.mime, size: row.size, sha256: row.sha256, visibility: row.visibility as FileVisibility });

export function toFile(row: repo.FileRow, canDelete: boolean): FileResponse {
  return {
    id: row.id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    name: row.original_name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    visibility: row.visibility as FileVisibility,
    uploadedBy: row.uploaded_by === null ? null : { id: row.uploaded_by, displayName: row.uploader_name ?? '' },
    createdAt: row.created_at,
    url: `/api/files/${row.id}`,
    canDelete,
  };
}

export interface UploadTarget {
  ownerType: string;
  ownerId: number;
  visibility: FileVisibility;
}

/** Adds a file to an owner (the caller wraps it in `idempotent`). */
export async function uploadFile(trx: Trx, deps: Deps, ctx: Ctx, target: UploadTarget, file: Upload): Promise<Created<FileResponse, 201>> {
  const { owner, access } = await resolve(trx, ctx, target.ownerType, target.ownerId);
  if (!access.mayAttach || (target.visibility === 'internal' && !access.seesInternal)) throw forbidden();
  const info = inspectUpload(file);
  const storagePath = await storeContent(deps.config.dataDir, info.sha256, file.data);
  const now = deps.clock.now();
  const id = await repo.insertFile(trx, {
    owner_type: target.ownerType,
    owner_id: target.ownerId,
    alliance_id: access.allianceId,
    sha256: info.sha256,
    storage_path: storagePath,
    mime: info.mime,
    size: file.data.length,
    original_name: info.name,
    visibility: target.visibility,
    uploaded_by: ctx.actor.userId,
    created_at: now.toISOString(),
  });
  const row = (await repo.findFile(trx, id))!;
  await owner.attached?.(trx, deps, ctx, owned(row));
  const audit = owner.uploadAudit?.(owned(row)) ?? {
    action: 'file.upload',
    targetType: 'file',
    targetId: id,
    detail: { ownerType: target.ownerType, ownerId: target.ownerId, sha256: info.sha256, mime: info.mime, size: file.data.length, visibility: target.visibility },
  };
  await recordAudit(trx, { ...auditFrom(ctx, now), allianceId: access.allianceId, ...audit });
  return { status: 201, body: toFile(row, mayDelete(ctx, access, row)) };
}

/** The files of an owner the actor may see (internal ones for those who see internal files). */
export async function listFiles(db: Executor, ctx: Ctx, ownerType: string, ownerId: number): Promise<FileResponse[]> {
  const { access } = await resolve(db, ctx, ownerType, ownerId);
  const rows = await repo.listFiles(db, ownerType, ownerId, access.seesInternal);
  return rows.map((r) => toFile(r, mayDelete(ctx, access, r)));
}

export interface Download {
  stream: ReadStream;
  mime: string;
  size: number;
  name: string;
}

/** A file's content for the actor; `expected` pins it to an owner (the ticket attachment URL). */
export async function openFile(deps: Deps, ctx: Ctx, id: number, expected?: { ownerType: string; ownerId: number }): Promise<Download> {
  const { row } = await visibleFile(deps.db, ctx, id, expected);
  const stream = await openContent(deps.config.dataDir, row.storage_path);
  if (!stream) throw notFound();
  return { stream, mime: row.mime, size: row.size, name: row.original_name };
}

/** Deletes (soft) a file: its uploader while the owner takes files, or whoever manages the owner. */
export async function deleteFile(deps: Deps, ctx: Ctx, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { owner, access, row } = await visibleFile(trx, ctx, id);
    if (!mayDelete(ctx, access, row)) throw forbidden();
    const now = deps.clock.now();
    if (!(await repo.markDeleted(trx, id, ctx.actor.userId, now.toISOString()))) throw notFound();
    await owner.deleted?.(trx, deps, ctx, owned(row));
    await recordAudit(trx, { ...auditFrom(ctx, now), allianceId: access.allianceId, action: 'file.delete', targetType: 'file', targetId: id, detail: { ownerType: row.owner_type, ownerId: row.owner_id, sha256: row.sha256, name: row.original_name } });
  });
}
