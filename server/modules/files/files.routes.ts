import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { contentDisposition, inspectUpload, type Upload } from './files.content';
import { FileList, FileOwnerQuery, FileResponse, UploadFileQuery } from './files.schema';
import * as service from './files.service';

/** The one file of a multipart request (field `file`), read into memory (≤ the app's upload limit). */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'multipart_required' }]);
  const file = await req.file();
  if (!file) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'required' }]);
  return { data: await file.toBuffer(), filename: file.filename };
}

/** Sends stored content so that a browser never runs it: stored type, nosniff, sandbox CSP. */
export function sendDownload(reply: FastifyReply, file: service.Download) {
  return reply
    .type(file.mime)
    .header('content-length', String(file.size))
    .header('content-disposition', contentDisposition(file.name, file.mime))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}

export const UPLOAD_SUMMARY = 'multipart field `file`, ≤ 10 MB; PNG, JPEG, WebP, PDF, .docx, .xlsx, .pptx — checked by content';

export function fileRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  app.get(
    '/files',
    {
      config: { policy: 'file.read' },
      schema: { tags, summary: "An owner's files (`ownerType`, `ownerId`), for those who may see the owner; internal files only for its handlers", querystring: FileOwnerQuery, response: { 200: FileList } },
    },
    async (req) => ({ items: await service.listFiles(deps.db, ctxOf(req), req.query.ownerType, req.query.ownerId) }),
  );

  app.post(
    '/files',
    {
      config: { policy: 'file.upload' },
      schema: {
        tags,
        summary: `Add a file to an owner (${UPLOAD_SUMMARY}) (Idempotency-Key required)`,
        querystring: UploadFileQuery,
        consumes: ['multipart/form-data'],
        response: { 201: FileResponse },
      },
    },
    async (req, reply) => {
      const upload = await readUpload(req);
      const ctx = ctxOf(req);
      const { sha256, name } = inspectUpload(upload);
      const result = await idempotent(deps, req, ctx.actor.userId, { ...req.query, sha256, name }, (trx) => service.uploadFile(trx, deps, ctx, req.query, upload));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/files/:id',
    { config: { policy: 'file.read' }, schema: { tags, summary: "Download a file (only for those who may see its owner)", params: IdParam, produces: ['application/octet-stream'] } },
    async (req, reply) => sendDownload(reply, await service.openFile(deps, ctxOf(req), req.params.id)),
  );

  app.delete(
    '/files/:id',
    { config: { policy: 'file.upload' }, schema: { tags, summary: "Delete a file: its uploader, or whoever manages the owner (a ticket's handlers)", params: IdParam, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      await service.deleteFile(deps, ctxOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
