import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { sseStreams } from '../../core/http/sse';
import { contentDisposition, inspectUpload } from '../files/files.content';
import { idempotentNotifying } from '../notifications/outbox';
import { openTopicStream } from '../notifications/topic-stream';
import {
  AttachmentRef, CandidateList, CloseBody, ConsultationDetail, ConsultationPage, CreateConsultationBody, CreateSpecialtyBody, ExpertPage, ExpertResponse, ImportExpertsQuery, ImportExpertsResponse, FiguresResponse, ListConsultationsQuery,
  ConversationStreamQuery, ListExpertsQuery, ListVisitsQuery, MarkReadBody, MessageList, MessagesQuery, OkResponse, OutcomeQuery, PlanBody, PlanResponse, PostMessageBody, RankingQuery, RankingResponse, RateBody,
  RespondBody, RespondResponse, ScheduleVisitBody, SetExpertsBody, SpecialtyList, SpecialtyResponse, UpdateExpertBody, UpdateOwnProfileBody, UpdateSpecialtyBody, VisitList, VisitReportBody, VisitResponse,
} from './experts.schema';
import { expertTemplate, importExperts } from './experts.import';
import * as service from './experts.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const AttachmentParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1), attachmentId: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export function expertRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['experts'];
  const streams = sseStreams(root);

  // The specialty taxonomy.
  app.get(
    '/expert-specialties',
    { config: { policy: 'expert.specialty.read' }, schema: { tags, summary: 'The specialty taxonomy of volunteer experts', response: { 200: SpecialtyList } } },
    async () => service.listSpecialties(deps),
  );
  app.post(
    '/expert-specialties',
    { config: { policy: 'expert.specialty.manage' }, schema: { tags, summary: 'Add a specialty (Idempotency-Key required)', body: CreateSpecialtyBody, response: { 201: SpecialtyResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createSpecialty(trx, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.patch(
    '/expert-specialties/:id',
    { config: { policy: 'expert.specialty.manage' }, schema: { tags, summary: 'Rename, re-describe or retire a specialty (version check)', params: IdParam, body: UpdateSpecialtyBody, response: { 200: SpecialtyResponse } } },
    async (req) => service.updateSpecialty(deps, ctxOf(req), req.params.id, req.body),
  );

  // Experts.
  app.get(
    '/experts',
    { config: { policy: 'expert.list' }, schema: { tags, summary: 'The city-wide pool of volunteer experts with their load', querystring: ListExpertsQuery, response: { 200: ExpertPage } } },
    async (req) => service.listExperts(deps, req.query),
  );
  app.get(
    '/experts/me',
    { config: { policy: 'expert.self' }, schema: { tags, summary: "The expert's own profile", response: { 200: ExpertResponse } } },
    async (req) => service.getOwnProfile(deps, ctxOf(req)),
  );
  app.patch(
    '/experts/me',
    { config: { policy: 'expert.self' }, schema: { tags, summary: 'Edit one\'s own profile, or pause (version check)', body: UpdateOwnProfileBody, response: { 200: ExpertResponse } } },
    async (req) => service.updateOwnProfile(deps, ctxOf(req), req.body),
  );
  app.get(
    '/experts/figures',
    { config: { policy: 'expert.figures' }, schema: { tags, summary: 'Experts\' load, demand vs supply per specialty, firms helped, capacity regained, response times (platform admin: the city)', response: { 200: FiguresResponse } } },
    async (req) => service.figures(deps, ctxOf(req)),
  );
  app.get(
    '/experts/import-template',
    { config: { policy: 'expert.manage' }, schema: { tags, summary: 'The .xlsx template for importing experts, headers in the caller\'s language', produces: [XLSX] } },
    async (req, reply) => {
      const locale = ctxOf(req).locale;
      const name = locale === 'en-US' ? 'expert-import-template.xlsx' : '专家导入模板.xlsx';
      return reply.type(XLSX).header('content-disposition', contentDisposition(name, XLSX)).send(await expertTemplate(locale));
    },
  );
  app.post(
    '/experts/import',
    {
      config: { policy: 'expert.manage' },
      schema: { tags, summary: 'Import experts from .xlsx/.csv (multipart field `file`); all rows or none, each a new account with a temporary password', querystring: ImportExpertsQuery, consumes: ['multipart/form-data'], response: { 200: ImportExpertsResponse } },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'multipart_required' }]);
      let upload: { data: Buffer; filename: string };
      try {
        const file = await req.file();
        if (!file) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'required' }]);
        upload = { data: await file.toBuffer(), filename: file.filename };
      } catch (err) {
        if (err instanceof AppError || typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
        throw new AppError('validation_failed', {}, [{ path: 'file', code: 'multipart_required' }]);
      }
      return importExperts(deps, ctxOf(req), upload, { dryRun: req.query.dryRun });
    },
  );
  app.patch(
    '/experts/:id',
    { config: { policy: 'expert.manage' }, schema: { tags, summary: 'Edit or verify an expert (platform admin; version check)', params: IdParam, body: UpdateExpertBody, response: { 200: ExpertResponse } } },
    async (req) => service.updateExpert(deps, ctxOf(req), req.params.id, req.body),
  );

  // Consultations.
  app.get(
    '/consultations',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'Consultations: experts their cases (city-wide), firms their own, staff the alliance\'s', querystring: ListConsultationsQuery, response: { 200: ConsultationPage } } },
    async (req) => service.listConsultations(deps, ctxOf(req), req.query),
  );
  app.post(
    '/consultations',
    { config: { policy: 'consultation.request' }, schema: { tags, summary: 'Mark a problem as needing experts: a consultation request (Idempotency-Key required)', body: CreateConsultationBody, response: { 201: ConsultationDetail } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createConsultation(trx, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.get(
    '/consultations/candidates',
    { config: { policy: 'consultation.request' }, schema: { tags, summary: 'Open problems without a consultation; equipment and technical ones proposed', response: { 200: CandidateList } } },
    async (req) => service.candidates(deps, ctxOf(req)),
  );
  app.post(
    '/consultations/plan',
    { config: { policy: 'consultation.assign' }, schema: { tags, summary: 'The optimal assignment of experts to every open seat (min-cost flow); writes nothing', body: PlanBody, response: { 200: PlanResponse } } },
    async (req) => service.plan(deps, ctxOf(req), req.body),
  );
  app.get(
    '/consultations/:id',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'A consultation with its experts, visits and measured outcome', params: IdParam, querystring: OutcomeQuery, response: { 200: ConsultationDetail } } },
    async (req) => service.getConsultation(deps, ctxOf(req), req.params.id, req.query.days),
  );
  app.get(
    '/consultations/:id/ranking',
    { config: { policy: 'consultation.assign' }, schema: { tags, summary: 'Experts ranked for this case, with the reasons', params: IdParam, querystring: RankingQuery, response: { 200: RankingResponse } } },
    async (req) => service.ranking(deps, ctxOf(req), req.params.id, req.query.limit),
  );
  app.put(
    '/consultations/:id/experts',
    { config: { policy: 'consultation.assign' }, schema: { tags, summary: 'Confirm or override the experts proposed for this case (version check)', params: IdParam, body: SetExpertsBody, response: { 200: ConsultationDetail } } },
    async (req) => service.setExperts(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/consultations/:id/response',
    { config: { policy: 'consultation.respond' }, schema: { tags, summary: 'The proposed expert accepts or declines (a decline re-matches the open seat)', params: IdParam, body: RespondBody, response: { 200: RespondResponse } } },
    async (req) => service.respond(deps, ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/consultations/:id/messages',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'The online consultation: messages after an id, and read markers', params: IdParam, querystring: MessagesQuery, response: { 200: MessageList } } },
    async (req) => service.listMessages(deps, ctxOf(req), req.params.id, req.query.after),
  );
  app.post(
    '/consultations/:id/messages',
    { config: { policy: 'consultation.message' }, schema: { tags, summary: 'Write in the online consultation (Idempotency-Key required)', params: IdParam, body: PostMessageBody, response: { 201: z.object({ id: z.number().int() }) } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotentNotifying(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx, outbox) => service.postMessage(trx, outbox, deps, ctx, req.params.id, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.get(
    '/consultations/:id/stream',
    {
      config: { policy: 'consultation.read' },
      schema: {
        tags,
        summary: 'The online consultation, live (server-sent events)',
        description: '`ready` on connect, then `changed` (`{kind: "message", messageId}`, `{kind: "read", userId, messageId}` or `{kind: "case"}`) whenever the conversation or the case moves, from any server process; the page refetches through `GET …/messages`. `gone`, then the stream closes, when the caller no longer sees the case; `session_ended` when the session ends; keep-alive comments every 25 s.',
        params: IdParam,
        querystring: ConversationStreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const id = req.params.id;
      await service.assertVisible(deps, ctx, id);
      return openTopicStream(deps, ctx, req, reply, streams, service.conversationTopic(id), () => service.stillVisible(deps, ctx, id));
    },
  );
  app.post(
    '/consultations/:id/read',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'Move the caller\'s read marker', params: IdParam, body: MarkReadBody, response: { 200: OkResponse } } },
    async (req) => service.markRead(deps, ctxOf(req), req.params.id, req.body.messageId),
  );
  app.post(
    '/consultations/:id/attachments',
    {
      config: { policy: 'consultation.message' },
      schema: { tags, summary: 'A photo or file for the consultation (multipart `file`; kept with the problem\'s attachments) (Idempotency-Key required)', params: IdParam, consumes: ['multipart/form-data'], response: { 201: AttachmentRef } },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'multipart_required' }]);
      const file = await req.file();
      if (!file) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'required' }]);
      const upload = { data: await file.toBuffer(), filename: file.filename };
      const ctx = ctxOf(req);
      const { sha256, name } = inspectUpload(upload);
      const result = await idempotent(deps, req, ctx.actor.userId, { id: req.params.id, sha256, name }, (trx) => service.attach(trx, deps, ctx, req.params.id, upload));
      return reply.code(result.status).send(result.body);
    },
  );
  app.get(
    '/consultations/:id/attachments/:attachmentId',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'Download a file of the consultation', params: AttachmentParams, produces: ['application/octet-stream'] } },
    async (req, reply) => {
      const a = await service.attachmentOf(deps, ctxOf(req), req.params.id, req.params.attachmentId);
      return reply
        .type(a.mime)
        .header('content-length', String(a.size))
        .header('content-disposition', contentDisposition(a.original_name, a.mime))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(createReadStream(join(deps.config.dataDir, a.storage_path)));
    },
  );
  app.post(
    '/consultations/:id/visits',
    { config: { policy: 'consultation.visit' }, schema: { tags, summary: 'Schedule an on-site visit (working days, availability, no clash) (Idempotency-Key required)', params: IdParam, body: ScheduleVisitBody, response: { 201: VisitResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotentNotifying(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx, outbox) => service.scheduleVisit(trx, outbox, deps, ctx, req.params.id, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.post(
    '/consultations/:id/rating',
    { config: { policy: 'consultation.rate' }, schema: { tags, summary: 'The firm rates the help once, 1–5 (Idempotency-Key required)', params: IdParam, body: RateBody, response: { 201: ConsultationDetail } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx) => service.rate(trx, deps, ctx, req.params.id, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.post(
    '/consultations/:id/close',
    { config: { policy: 'consultation.close' }, schema: { tags, summary: 'Close the consultation; resolves the linked problem (version check)', params: IdParam, body: CloseBody, response: { 200: ConsultationDetail } } },
    async (req) => service.close(deps, ctxOf(req), req.params.id, req.body),
  );

  // Visits.
  app.get(
    '/visits',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'Visit calendar: an expert\'s own visits (city-wide), the alliance\'s, a firm\'s', querystring: ListVisitsQuery, response: { 200: VisitList } } },
    async (req) => service.listVisits(deps, ctxOf(req), req.query),
  );
  app.get(
    '/visits/:id',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'One visit', params: IdParam, response: { 200: VisitResponse } } },
    async (req) => service.getVisit(deps, ctxOf(req), req.params.id),
  );
  app.post(
    '/visits/:id/check-in',
    { config: { policy: 'consultation.visit' }, schema: { tags, summary: 'An expert of the visit checks in on site (on the visit day)', params: IdParam, response: { 200: VisitResponse } } },
    async (req) => service.checkIn(deps, ctxOf(req), req.params.id),
  );
  app.put(
    '/visits/:id/report',
    { config: { policy: 'consultation.visit' }, schema: { tags, summary: 'The visit report: findings, actions, parts needed, follow-ups (version check)', params: IdParam, body: VisitReportBody, response: { 200: VisitResponse } } },
    async (req) => service.reportVisit(deps, ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/visits/:id/report.docx',
    { config: { policy: 'consultation.read' }, schema: { tags, summary: 'The visit report as a Word document (.docx)', params: IdParam, produces: [DOCX] } },
    async (req, reply) => {
      const file = await service.exportVisitReport(deps, ctxOf(req), req.params.id);
      return reply.type(DOCX).header('content-disposition', contentDisposition(file.filename, DOCX)).send(file.data);
    },
  );
}
