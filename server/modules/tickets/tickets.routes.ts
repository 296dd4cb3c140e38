import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { idempotentNotifying } from '../notifications/outbox';
import { inspectUpload } from '../files/files.content';
import { readUpload, sendDownload, UPLOAD_SUMMARY } from '../files/files.routes';
import { addAttachment, openAttachment } from './tickets.attachments';
import { figures } from './tickets.figures';
import { confirmProposal, dismissProposal, listProposals } from './tickets.proposals';
import {
  AttachmentParams, AttachmentResponse, CommentBody, ConfirmProposalBody, CreateTicketBody, DismissProposalBody, ProposalDismissal, FiguresQuery, FiguresResponse, ListTicketsQuery, ProposalList, ProposalsQuery,
  PutHandlersBody, PutRoutingRulesBody, PutSlaPoliciesBody, RoutingRulesResponse, SatisfactionBody, SlaPoliciesResponse, SplitBody, TicketDetail, TicketEvent, TicketPage,
  SupervisionPage, SupervisionQuery, TransferBody, TransitionBody, UpdateTicketBody, UploadQuery,
} from './tickets.schema';
import * as service from './tickets.service';
import * as settings from './tickets.settings';

export function ticketRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];

  app.get('/tickets', { config: { policy: 'ticket.read' }, schema: { tags, summary: 'Tickets the caller may see — for an enterprise, its own ("my problems"); queues, filters, search, sorting, paging', querystring: ListTicketsQuery, response: { 200: TicketPage } } }, async (req) =>
    service.listTickets(deps, ctxOf(req), req.query),
  );

  app.post('/tickets', { config: { policy: 'ticket.create' }, schema: { tags, summary: 'File a problem for an enterprise (its own account, or staff on its behalf); routed and given SLA deadlines (Idempotency-Key required)', body: CreateTicketBody, response: { 201: TicketDetail } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => service.createTicket(trx, deps, ctx, outbox, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/tickets/proposals', { config: { policy: 'ticket.create' }, schema: { tags, summary: 'Tickets proposed from daily reports: a blocker reported two days running', querystring: ProposalsQuery, response: { 200: ProposalList } } }, async (req) =>
    listProposals(deps, ctxOf(req), req.query),
  );

  app.post('/tickets/proposals/confirm', { config: { policy: 'ticket.create' }, schema: { tags, summary: 'File the ticket a proposal describes (source `report`; Idempotency-Key required)', body: ConfirmProposalBody, response: { 201: TicketDetail } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => confirmProposal(trx, deps, ctx, outbox, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.post('/tickets/proposals/dismiss', { config: { policy: 'ticket.dismiss_proposal' }, schema: { tags, summary: 'Dismiss a proposal: no ticket needed; it stays away while the blocker keeps being reported every day (Idempotency-Key required)', body: DismissProposalBody, response: { 201: ProposalDismissal } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => dismissProposal(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/tickets/figures', { config: { policy: 'ticket.overview' }, schema: { tags, summary: 'Overview: open by group and category, overdue, SLA compliance, median response and resolution hours, satisfaction', querystring: FiguresQuery, response: { 200: FiguresResponse } } }, async (req) =>
    figures(deps, ctxOf(req), req.query),
  );

  app.get('/tickets/supervision', {
    config: { policy: 'ticket.supervise' },
    schema: { tags, summary: 'The city\'s supervision list (督办): open problems of every alliance escalated to level 3', querystring: SupervisionQuery, response: { 200: SupervisionPage } },
  }, async (req) => service.listSupervision(deps, req.query));

  app.get('/tickets/:id', { config: { policy: 'ticket.read' }, schema: { tags, summary: 'A ticket with handlers, sub-tickets, attachments and its full timeline', params: IdParam, response: { 200: TicketDetail } } }, async (req) =>
    service.getTicket(deps, ctxOf(req), req.params.id),
  );

  app.patch('/tickets/:id', { config: { policy: 'ticket.handle' }, schema: { tags, summary: 'Edit title, description, category or priority (version check; a new priority recomputes the deadlines)', params: IdParam, body: UpdateTicketBody, response: { 200: TicketDetail } } }, async (req) =>
    service.updateTicket(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/tickets/:id/transitions', { config: { policy: 'ticket.read' }, schema: { tags, summary: 'Change the status along the state machine; illegal moves answer 409 illegal_transition (version check)', params: IdParam, body: TransitionBody, response: { 200: TicketDetail } } }, async (req) =>
    service.transition(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/tickets/:id/transfer', { config: { policy: 'ticket.handle' }, schema: { tags, summary: 'Transfer the lead to another working group and/or person, with a reason (version check)', params: IdParam, body: TransferBody, response: { 200: TicketDetail } } }, async (req) =>
    service.transfer(deps, ctxOf(req), req.params.id, req.body),
  );

  app.put('/tickets/:id/handlers', { config: { policy: 'ticket.handle' }, schema: { tags, summary: 'Set the co-handlers: working groups, member enterprises, people (version check)', params: IdParam, body: PutHandlersBody, response: { 200: TicketDetail } } }, async (req) =>
    service.putHandlers(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/tickets/:id/comments', { config: { policy: 'ticket.read' }, schema: { tags, summary: 'Comment publicly, or internally (handlers only) (Idempotency-Key required)', params: IdParam, body: CommentBody, response: { 201: TicketEvent } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotentNotifying(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx, outbox) => service.addComment(trx, deps, ctx, outbox, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.post('/tickets/:id/split', { config: { policy: 'ticket.handle' }, schema: { tags, summary: 'Split into sub-tickets; the parent closes when all of them are closed (Idempotency-Key required)', params: IdParam, body: SplitBody, response: { 201: TicketDetail } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotentNotifying(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx, outbox) => service.split(trx, deps, ctx, outbox, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.post('/tickets/:id/satisfaction', { config: { policy: 'ticket.read' }, schema: { tags, summary: '好差评: the enterprise rates a closed ticket once, 1–5 with a comment (Idempotency-Key required)', params: IdParam, body: SatisfactionBody, response: { 201: TicketDetail } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx) => service.rate(trx, deps, ctx, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.post(
    '/tickets/:id/attachments',
    {
      config: { policy: 'ticket.read' },
      schema: {
        tags,
        summary: `Attach a file (${UPLOAD_SUMMARY}; kept in the file store as owner \`ticket\`) (Idempotency-Key required)`,
        params: IdParam,
        querystring: UploadQuery,
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentResponse },
      },
    },
    async (req, reply) => {
      const upload = await readUpload(req);
      const ctx = ctxOf(req);
      const { sha256, name } = inspectUpload(upload);
      const result = await idempotent(deps, req, ctx.actor.userId, { id: req.params.id, sha256, name, visibility: req.query.visibility }, (trx) =>
        addAttachment(trx, deps, ctx, req.params.id, upload, req.query.visibility),
      );
      return reply.code(result.status).send(result.body);
    },
  );

  app.get('/tickets/:id/attachments/:attachmentId', { config: { policy: 'ticket.read' }, schema: { tags, summary: 'Download an attachment (only for those who may see the ticket)', params: AttachmentParams, produces: ['application/octet-stream'] } }, async (req, reply) => {
    return sendDownload(reply, await openAttachment(deps, ctxOf(req), req.params.id, req.params.attachmentId));
  });

  // Settings ---------------------------------------------------------------------------------
  const settingsTags = ['tickets', 'settings'];

  app.get('/routing-rules', { config: { policy: 'ticket.overview' }, schema: { tags: settingsTags, summary: 'Which working group leads a new ticket of each category', response: { 200: RoutingRulesResponse } } }, async (req) =>
    settings.getRoutingRules(deps, ctxOf(req)),
  );

  app.put('/routing-rules', { config: { policy: 'ticket.route' }, schema: { tags: settingsTags, summary: 'Set routing rules (the listed categories; version of the set)', body: PutRoutingRulesBody, response: { 200: RoutingRulesResponse } } }, async (req) =>
    settings.putRoutingRules(deps, ctxOf(req), req.body),
  );

  app.get('/sla-policies', { config: { policy: 'ticket.overview' }, schema: { tags: settingsTags, summary: 'Response and resolve periods per priority, in working days', response: { 200: SlaPoliciesResponse } } }, async (req) =>
    settings.getSlaPolicies(deps, ctxOf(req)),
  );

  app.put('/sla-policies', { config: { policy: 'ticket.route' }, schema: { tags: settingsTags, summary: 'Set SLA periods (the listed priorities; version of the set); applies to tickets filed afterwards', body: PutSlaPoliciesBody, response: { 200: SlaPoliciesResponse } } }, async (req) =>
    settings.putSlaPolicies(deps, ctxOf(req), req.body),
  );
}

