/**
 * Attachments of tickets (photos, PDFs, Office documents). The type is decided by the content
 * (magic bytes), and a name whose extension contradicts it is refused. Files are stored once
 * per content under `<dataDir>/attachments/<aa>/<sha256>` and served only to people who may
 * see the ticket — internal attachments only to handlers — with the stored content type.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { ReadStream } from 'node:fs';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Trx } from '../../core/db/database';
import { AppError, forbidden, notFound } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { detectFileType, extensionOf } from './file-type';
import { toAttachment } from './tickets.presenter';
import * as repo from './tickets.repository';
import type { AttachmentResponse } from './tickets.schema';
import { loadVisible, seesInternal } from './tickets.service';

/** The largest attachment (the multipart limit of the app, `MAX_UPLOAD_BYTES`, is the same). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface Upload {
  data: Buffer;
  filename: string;
}

/** Checks an upload and names its content; throws 413/415/400 with field errors. */
export function inspectUpload(file: Upload): { mime: string; sha256: string; name: string } {
  if (file.data.length > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', {}, [{ path: 'file', code: 'payload_too_large' }]);
  if (file.data.length === 0) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'file_empty' }]);
  const type = detectFileType(file.data);
  if (!type) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'file_type_not_allowed' }]);
  const ext = extensionOf(file.filename);
  if (ext && !type.extensions.includes(ext)) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'file_type_mismatch', params: { detected: type.extensions[0] } }]);
  // Keep the name for display only; path separators and control characters go.
  const name = (file.filename.split(/[\\/]/).pop() ?? '').replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 200) || `file.${type.extensions[0]}`;
  return { mime: type.mime, sha256: createHash('sha256').update(file.data).digest('hex'), name };
}

const storagePath = (sha256: string) => join('attachments', sha256.slice(0, 2), sha256);

/** Writes the content once (atomically: temp file, then rename). */
export async function store(dataDir: string, sha256: string, data: Buffer): Promise<string> {
  const rel = storagePath(sha256);
  const abs = join(dataDir, rel);
  const exists = await stat(abs).then((s) => s.size === data.length, () => false);
  if (!exists) {
    await mkdir(dirname(abs), { recursive: true });
    const tmp = `${abs}.${randomUUID()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, abs);
  }
  return rel;
}

export async function addAttachment(trx: Trx, deps: Deps, ctx: Ctx, ticketId: number, file: Upload, visibility: 'public' | 'internal'): Promise<Created<AttachmentResponse, 201>> {
  const { row } = await loadVisible(trx, ctx, ticketId);
  if (visibility === 'internal' && !seesInternal(ctx)) throw forbidden();
  if (row.status === 'closed') throw new AppError('ticket_closed');
  const info = inspectUpload(file);
  const rel = await store(deps.config.dataDir, info.sha256, file.data);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertAttachment(trx, { ticket_id: ticketId, sha256: info.sha256, storage_path: rel, mime: info.mime, size: file.data.length, original_name: info.name, visibility, uploaded_by: ctx.actor.userId, created_at: at });
  await repo.insertEvent(trx, { ticket_id: ticketId, kind: 'attachment', visibility, actor_user_id: ctx.actor.userId, body: info.name, data: { attachmentId: id, mime: info.mime, size: file.data.length }, created_at: at });
  await repo.touchTicket(trx, ticketId, at);
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'ticket.attach', targetType: 'ticket', targetId: ticketId, detail: { attachmentId: id, sha256: info.sha256, mime: info.mime, size: file.data.length } });
  return { status: 201, body: toAttachment((await repo.findAttachment(trx, ticketId, id))!) };
}

export interface Download {
  stream: ReadStream;
  mime: string;
  size: number;
  name: string;
}

export async function openAttachment(deps: Deps, ctx: Ctx, ticketId: number, attachmentId: number): Promise<Download> {
  await loadVisible(deps.db, ctx, ticketId);
  const a = await repo.findAttachment(deps.db, ticketId, attachmentId);
  if (!a || (a.visibility === 'internal' && !seesInternal(ctx))) throw notFound();
  const abs = join(deps.config.dataDir, a.storage_path);
  if (!(await stat(abs).then(() => true, () => false))) throw notFound();
  return { stream: createReadStream(abs), mime: a.mime, size: a.size, name: a.original_name };
}

/** `Content-Disposition` for a download: images inline, everything else as a file, UTF-8 names. */
export function contentDisposition(name: string, mime: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${mime.startsWith('image/') ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
