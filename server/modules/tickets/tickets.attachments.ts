/**
 * Attachments of tickets, kept in the shared file store (`modules/files`) as files of owner type
 * `ticket`. Who may see them follows the ticket: whoever may see the ticket sees its public
 * files, its handlers also the internal ones; anyone who sees an open ticket may attach, its
 * handlers may delete any attachment. Every attachment is also an entry of the ticket's
 * timeline, and its audit row is on the ticket (`ticket.attach`).
 */
import { can } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import type { Trx } from '../../core/db/database';
import { AppError, notFound } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { MAX_FILE_BYTES, type Upload } from '../files/files.content';
import type { FileOwner, FileVisibility } from '../files/files.owners';
import { openFile, uploadFile, type Download } from '../files/files.service';
import { toAttachment } from './tickets.presenter';
import * as repo from './tickets.repository';
import type { AttachmentResponse } from './tickets.schema';
import { loadVisible, seesInternal } from './tickets.service';

/** The largest attachment: the file store's limit. */
export const MAX_ATTACHMENT_BYTES = MAX_FILE_BYTES;

async function refuseWhenClosed(trx: Trx, ctx: Ctx, ticketId: number) {
  const { row } = await loadVisible(trx, ctx, ticketId);
  if (row.status === 'closed') throw new AppError('ticket_closed');
}

/** The `ticket` owner type of the file store. */
export const ticketFileOwner: FileOwner = {
  type: 'ticket',
  async access(db, ctx, ticketId) {
    try {
      const { row, resource } = await loadVisible(db, ctx, ticketId);
      return { allianceId: row.alliance_id, seesInternal: seesInternal(ctx), mayAttach: true, manages: can(ctx.actor, 'ticket.handle', resource) };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return null;
      throw err;
    }
  },
  async attached(trx, deps, ctx, file) {
    await refuseWhenClosed(trx, ctx, file.ownerId);
    const now = deps.clock.now();
    const at = now.toISOString();
    await repo.insertEvent(trx, { ticket_id: file.ownerId, kind: 'attachment', visibility: file.visibility, actor_user_id: ctx.actor.userId, body: file.name, data: { attachmentId: file.id, mime: file.mime, size: file.size }, created_at: at });
    await repo.touchTicket(trx, file.ownerId, at);
  },
  uploadAudit: (file) => ({ action: 'ticket.attach', targetType: 'ticket', targetId: file.ownerId, detail: { attachmentId: file.id, sha256: file.sha256, mime: file.mime, size: file.size, visibility: file.visibility } }),
  async deleted(trx, deps, ctx, file) {
    await refuseWhenClosed(trx, ctx, file.ownerId);
    await repo.touchTicket(trx, file.ownerId, deps.clock.now().toISOString());
  },
};

export async function addAttachment(trx: Trx, deps: Deps, ctx: Ctx, ticketId: number, file: Upload, visibility: FileVisibility): Promise<Created<AttachmentResponse, 201>> {
  const { body } = await uploadFile(trx, deps, ctx, { ownerType: 'ticket', ownerId: ticketId, visibility }, file);
  const row = await repo.findAttachment(trx, ticketId, body.id);
  if (!row) throw notFound();
  return { status: 201, body: toAttachment(row) };
}

export function openAttachment(deps: Deps, ctx: Ctx, ticketId: number, attachmentId: number): Promise<Download> {
  return openFile(deps, ctx, attachmentId, { ownerType: 'ticket', ownerId: ticketId });
}
