import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { ctxOf } from '../../core/http/request-context';
import { idempotentNotifying } from '../notifications/outbox';
import { contentDisposition } from '../files/files.content';
import {
  BuildAgendaBody, CreateDecisionBody, CreateMeetingBody, DecisionResponse, ListMeetingsQuery, MeetingDetail, MeetingPage, PutAgendaBody, PutMinutesBody, UpdateMeetingBody,
} from './meetings.schema';
import * as service from './meetings.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function meetingRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['meetings'];

  app.get('/meetings', { config: { policy: 'meeting.read' }, schema: { tags, summary: 'Joint meetings of the alliance (experts: those they attend)', querystring: ListMeetingsQuery, response: { 200: MeetingPage } } }, async (req) =>
    service.listMeetings(deps, ctxOf(req), req.query),
  );

  app.post('/meetings', { config: { policy: 'meeting.manage' }, schema: { tags, summary: 'Schedule a joint meeting with its attendees (Idempotency-Key required); tickets escalated while none was scheduled join its agenda', body: CreateMeetingBody, response: { 201: MeetingDetail } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => service.createMeeting(trx, deps, ctx, outbox, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/meetings/:id', { config: { policy: 'meeting.read' }, schema: { tags, summary: 'A meeting with attendees, agenda (with the current state of each item), minutes and decisions', params: IdParam, response: { 200: MeetingDetail } } }, async (req) =>
    service.getMeeting(deps, ctxOf(req), req.params.id),
  );

  app.patch('/meetings/:id', { config: { policy: 'meeting.manage' }, schema: { tags, summary: 'Edit, reschedule, hold or cancel a meeting (version check)', params: IdParam, body: UpdateMeetingBody, response: { 200: MeetingDetail } } }, async (req) =>
    service.updateMeeting(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/meetings/:id/agenda/build', { config: { policy: 'meeting.manage' }, schema: { tags, summary: "Draft the agenda: previous action items, escalated/overdue tickets, high risks (version = the meeting's)", params: IdParam, body: BuildAgendaBody, response: { 200: MeetingDetail } } }, async (req) =>
    service.buildAgenda(deps, ctxOf(req), req.params.id, req.body.version),
  );

  app.put('/meetings/:id/agenda', { config: { policy: 'meeting.manage' }, schema: { tags, summary: "Save the whole agenda in order (add, remove, reorder, notes; version = the meeting's)", params: IdParam, body: PutAgendaBody, response: { 200: MeetingDetail } } }, async (req) =>
    service.putAgenda(deps, ctxOf(req), req.params.id, req.body),
  );

  app.put('/meetings/:id/minutes', { config: { policy: 'meeting.manage' }, schema: { tags, summary: "Write the minutes (version = the minutes'; omit for the first)", params: IdParam, body: PutMinutesBody, response: { 200: MeetingDetail } } }, async (req) =>
    service.putMinutes(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/meetings/:id/decisions', { config: { policy: 'meeting.manage' }, schema: { tags, summary: 'Record a decision; its action items become tickets with owner and deadline (Idempotency-Key required)', params: IdParam, body: CreateDecisionBody, response: { 201: DecisionResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotentNotifying(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx, outbox) => service.addDecision(trx, deps, ctx, outbox, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/meetings/:id/minutes.docx', { config: { policy: 'meeting.read' }, schema: { tags, summary: 'The minutes as a Word document (.docx)', params: IdParam, produces: [DOCX] } }, async (req, reply) => {
    const file = await service.exportMinutes(deps, ctxOf(req), req.params.id);
    return reply.type(DOCX).header('content-disposition', contentDisposition(file.filename, DOCX)).send(file.data);
  });
}
