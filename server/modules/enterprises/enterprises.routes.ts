import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { sseStreams } from '../../core/http/sse';
import { contentDisposition } from '../files/files.content';
import { writeTemplate } from './enterprises.excel';
import { MAX_IMPORT_BYTES, exportEnterprises, importEnterprises, throttledProgress } from './enterprises.import';
import { openTopicStream } from '../notifications/topic-stream';
import {
  AssignCommissionerBody, CreateEnterpriseBody, EnterprisePage, EnterpriseResponse, ExportEnterprisesQuery,
  ImportProgressQuery, ImportQuery, ImportResponse, ListEnterprisesQuery, UpdateEnterpriseBody,
} from './enterprises.schema';
import * as service from './enterprises.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function enterpriseRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['enterprises'];

  app.get('/enterprises', { config: { policy: 'enterprise.list' }, schema: { tags, summary: 'List member enterprises of the current alliance', querystring: ListEnterprisesQuery, response: { 200: EnterprisePage } } }, async (req) =>
    service.listEnterprises(deps, ctxOf(req), req.query),
  );

  app.post('/enterprises', { config: { policy: 'enterprise.create' }, schema: { tags, summary: 'Register a member enterprise (Idempotency-Key required)', body: CreateEnterpriseBody, response: { 201: EnterpriseResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.createEnterprise(trx, deps, ctx, req.body) }));
    return reply.code(result.status).send(result.body);
  });

  app.get('/enterprises/export', { config: { policy: 'enterprise.export' }, schema: { tags, summary: 'Export the filtered registry as .xlsx', querystring: ExportEnterprisesQuery } }, async (req, reply) => {
    const buf = await exportEnterprises(deps, ctxOf(req), req.query);
    const name = `enterprises-${new Date().toISOString().slice(0, 10)}.xlsx`;
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(buf);
  });

  app.get('/enterprises/import-template', { config: { policy: 'enterprise.import' }, schema: { tags, summary: 'The .xlsx import template, with district codes and industry sections as drop-downs' } }, async (req, reply) => {
    const locale = ctxOf(req).locale;
    const name = locale === 'en-US' ? 'member-import-template.xlsx' : '成员企业导入模板.xlsx';
    return reply.type(XLSX).header('content-disposition', contentDisposition(name, XLSX)).send(await writeTemplate(locale));
  });

  // An import's progress, for the page that started it: a stream named by a token the browser
  // chose and sent with the upload (`?progress=`); only the same user hears it.
  const streams = sseStreams(root);
  const progressTopic = (userId: number, token: string) => `import:${userId}:${token}`;
  app.get(
    '/enterprises/import/progress',
    {
      config: { policy: 'enterprise.import' },
      schema: {
        tags,
        summary: 'Follow an import (server-sent events)',
        description: '`ready` on connect, then `changed` with `{phase: "reading" | "checking" | "saving" | "done", done, total}` (total is null while the file is still being read) for the import the same user started with `?progress=<token>`; keep-alive comments every 25 s.',
        querystring: ImportProgressQuery,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      return openTopicStream(deps, ctx, req, reply, streams, progressTopic(ctx.actor.userId, req.query.token), async () => true);
    },
  );

  app.post(
    '/enterprises/import',
    {
      config: { policy: 'enterprise.import' },
      schema: {
        tags,
        summary: 'Import enterprises from .xlsx/.csv (multipart field `file`, up to 200,000 rows); all rows or none',
        description: 'The file is read as a stream and saved in one transaction, in steps that leave the server free for other requests. Pass `progress=<token>` and follow `GET /enterprises/import/progress?token=<token>`. At most 1,000 row errors are listed; `errorRows` counts them all.',
        querystring: ImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: ImportResponse },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'multipart_required' }]);
      const ctx = ctxOf(req);
      let upload: { data: Buffer; filename: string };
      try {
        const file = await req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
        if (!file) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'required' }]);
        upload = { data: await file.toBuffer(), filename: file.filename };
      } catch (err) {
        // The multipart parser's own errors carry a 4xx status (e.g. 413 file too large); a
        // malformed body (no boundary, truncated part) throws a bare Error: the client's fault.
        if (err instanceof AppError || typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
        throw new AppError('validation_failed', {}, [{ path: 'file', code: 'multipart_required' }]);
      }
      const token = req.query.progress;
      const onProgress = token ? throttledProgress(deps, progressTopic(ctx.actor.userId, token)) : undefined;
      return importEnterprises(deps, ctx, upload, { dryRun: req.query.dryRun, onProgress });
    },
  );

  app.get('/enterprises/:id', { config: { policy: 'enterprise.read' }, schema: { tags, summary: 'One member enterprise', params: IdParam, response: { 200: EnterpriseResponse } } }, async (req) =>
    service.getEnterprise(deps, ctxOf(req), req.params.id),
  );

  app.patch('/enterprises/:id', { config: { policy: 'enterprise.update' }, schema: { tags, summary: "Edit the firm's shared identity — its admin or the platform admin (version check)", params: IdParam, body: UpdateEnterpriseBody, response: { 200: EnterpriseResponse } } }, async (req) =>
    service.updateEnterprise(deps, ctxOf(req), req.params.id, req.body),
  );

  app.put('/enterprises/:id/commissioner', { config: { policy: 'commissioner.assign' }, schema: { tags, summary: "Assign or clear the resident commissioner (the membership's version)", params: IdParam, body: AssignCommissionerBody, response: { 200: EnterpriseResponse } } }, async (req) =>
    service.assignCommissioner(deps, ctxOf(req), req.params.id, req.body.userId, req.body.version),
  );
}

