import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { idempotentNotifying, notifyingTransaction } from '../notifications/outbox';
import {
  AttendanceBody, CreateStandardBody, CreateSupplyBody, CreateTrainingBody, InspectionPage, InspectionResponse, InviteBody, InviteResponse, ListInspectionsQuery, ListSuppliesQuery, ListTrainingsQuery,
  PublishBody, PutDraftBody, PutSettingsBody, SettingsResponse, StandardList, StandardResponse, StandardVersionResponse, SubmitInspectionBody, SupplyList, SupplyResponse, TrainingPage,
  TrainingResponse, UpdateSupplyBody,
} from './prevention.schema';
import * as service from './prevention.service';

export function preventionRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['prevention'];

  app.get(
    '/prevention/settings',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'The days-of-cover threshold under which a firm is flagged (default 7)', response: { 200: SettingsResponse } } },
    async (req) => service.getSettings(deps, ctxOf(req)),
  );
  app.put(
    '/prevention/settings',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: 'Set the days-of-cover threshold (prevention group; version check)', body: PutSettingsBody, response: { 200: SettingsResponse } } },
    async (req) => service.putSettings(deps, ctxOf(req), req.body),
  );

  // Standards (versioned checklists)
  app.get(
    '/prevention/standards',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'Prevention standards with their current version (firms: published ones)', response: { 200: StandardList } } },
    async (req) => service.listStandards(deps, ctxOf(req)),
  );
  app.post(
    '/prevention/standards',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: 'Start a prevention standard as a draft checklist (prevention group; Idempotency-Key required)', body: CreateStandardBody, response: { 201: StandardResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createStandard(trx, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.get(
    '/prevention/standards/:id',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'One standard: its draft (staff), its versions and the items of the current one', params: IdParam, response: { 200: StandardResponse } } },
    async (req) => service.getStandard(deps, ctxOf(req), req.params.id),
  );
  app.put(
    '/prevention/standards/:id/draft',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: 'Replace the draft (title and items); published versions never change (version check)', params: IdParam, body: PutDraftBody, response: { 200: StandardResponse } } },
    async (req) => service.putDraft(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/prevention/standards/:id/publish',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: 'Publish the draft as the next immutable version, the one members inspect against (version check)', params: IdParam, body: PublishBody, response: { 200: StandardResponse } } },
    async (req) => service.publish(deps, ctxOf(req), req.params.id, req.body.version),
  );
  app.get(
    '/prevention/standard-versions/:id',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'One published version of a standard with its items', params: IdParam, response: { 200: StandardVersionResponse } } },
    async (req) => service.getVersion(deps, ctxOf(req), req.params.id),
  );

  // Self-inspections
  app.get(
    '/prevention/inspections',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'Self-inspections, newest first (firms see their own)', querystring: ListInspectionsQuery, response: { 200: InspectionPage } } },
    async (req) => service.listInspections(deps, ctxOf(req), req.query),
  );
  app.post(
    '/prevention/inspections',
    {
      config: { policy: 'prevention.inspect' },
      schema: { tags, summary: 'A member submits a self-inspection against the current version; each failed item opens a problem for the prevention group (Idempotency-Key required)', body: SubmitInspectionBody, response: { 201: InspectionResponse } },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => service.submitInspection(trx, outbox, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.get(
    '/prevention/inspections/:id',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'One self-inspection with the items of its own version, its answers and the problems they opened', params: IdParam, response: { 200: InspectionResponse } } },
    async (req) => service.getInspection(deps, ctxOf(req), req.params.id),
  );

  // Trainings
  app.get(
    '/prevention/trainings',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'Training sessions, newest first (firms: those they were asked to)', querystring: ListTrainingsQuery, response: { 200: TrainingPage } } },
    async (req) => service.listTrainings(deps, ctxOf(req), req.query),
  );
  app.post(
    '/prevention/trainings',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: 'Schedule a training session with the member firms expected (Idempotency-Key required)', body: CreateTrainingBody, response: { 201: TrainingResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createTraining(trx, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.get(
    '/prevention/trainings/:id',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: 'One training session with its attendance', params: IdParam, response: { 200: TrainingResponse } } },
    async (req) => service.getTraining(deps, ctxOf(req), req.params.id),
  );
  app.put(
    '/prevention/trainings/:id/attendance',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: "Record how many of each firm's people came (version check)", params: IdParam, body: AttendanceBody, response: { 200: TrainingResponse } } },
    async (req) => service.recordAttendance(deps, ctxOf(req), req.params.id, req.body),
  );

  // Supplies
  app.get(
    '/prevention/supplies',
    { config: { policy: 'prevention.read' }, schema: { tags, summary: "Prevention supplies with days of cover; firms under the threshold flagged (firms see their own)", querystring: ListSuppliesQuery, response: { 200: SupplyList } } },
    async (req) => service.listSupplies(deps, ctxOf(req), req.query),
  );
  app.post(
    '/prevention/supplies',
    { config: { policy: 'prevention.supplies' }, schema: { tags, summary: "Record a firm's stock and daily use of a supply; a flagged firm is invited to the open group purchase (Idempotency-Key required)", body: CreateSupplyBody, response: { 201: SupplyResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => service.createSupply(trx, outbox, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );
  app.put(
    '/prevention/supplies/:id',
    { config: { policy: 'prevention.supplies' }, schema: { tags, summary: 'Update the stock and daily use of a supply (version check); a flagged firm is invited to the open group purchase', params: IdParam, body: UpdateSupplyBody, response: { 200: SupplyResponse } } },
    async (req) => {
      const ctx = ctxOf(req);
      return notifyingTransaction(deps, (trx, outbox) => service.updateSupply(trx, outbox, deps, ctx, req.params.id, req.body));
    },
  );
  app.post(
    '/prevention/supplies/invite',
    { config: { policy: 'prevention.manage' }, schema: { tags, summary: 'Invite every flagged firm not yet invited to an open group purchase (prevention group)', body: InviteBody, response: { 200: InviteResponse } } },
    async (req) => {
      const ctx = ctxOf(req);
      return notifyingTransaction(deps, (trx, outbox) => service.inviteAll(trx, outbox, deps, ctx, req.body.campaignId));
    },
  );
}
