import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { ctxOf } from '../../core/http/request-context';
import { EnterpriseResponse, JoinEnterpriseBody, UpdateMembershipBody } from '../enterprises/enterprises.schema';
import { idempotentNotifying } from '../notifications/outbox';
import {
  EndMembershipQuery, FirmMembershipParam, FirmMemberships, FirmParam, ListRequestsQuery, MembershipRequestPage, MembershipRequestResponse, MyFirms, RequestIdParam,
  ShareHistoryBody,
} from './memberships.schema';
import * as service from './memberships.service';

export function membershipRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['memberships'];

  // The alliance's side: ask, keep its own notes, remove.
  app.post(
    '/enterprises/join',
    {
      config: { policy: 'membership.request' },
      schema: { tags, summary: 'Ask a registered firm to join this alliance, by credit code; the firm answers (Idempotency-Key required)', body: JoinEnterpriseBody, response: { 201: MembershipRequestResponse } },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, async (trx, outbox) => ({ status: 201 as const, body: await service.requestJoin(trx, outbox, deps, ctx, req.body.creditCode) }));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/enterprises/join-requests',
    { config: { policy: 'membership.request' }, schema: { tags, summary: "This alliance's join requests, newest first", querystring: ListRequestsQuery, response: { 200: MembershipRequestPage } } },
    async (req) => service.listAllianceRequests(deps, ctxOf(req), req.query),
  );

  app.patch(
    '/enterprises/:id/membership',
    { config: { policy: 'membership.update' }, schema: { tags, summary: "Edit this alliance's own record of a member (notes; the membership's version)", params: IdParam, body: UpdateMembershipBody, response: { 200: EnterpriseResponse } } },
    async (req) => service.updateMembership(deps, ctxOf(req), req.params.id, req.body),
  );

  app.delete(
    '/enterprises/:id/membership',
    { config: { policy: 'membership.remove' }, schema: { tags, summary: "Remove a member from this alliance; its data stays (the membership's version)", params: IdParam, querystring: EndMembershipQuery, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      await service.removeMember(deps, ctxOf(req), req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  // The firm's side: answer, share history, leave — whatever alliance the session is in.
  app.get(
    '/firms',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: 'Firms I answer for, with their open join requests', response: { 200: MyFirms } } },
    async (req) => service.myFirms(deps, ctxOf(req)),
  );

  app.get(
    '/firms/requests',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: 'Join requests addressed to my firms', querystring: ListRequestsQuery, response: { 200: MembershipRequestPage } } },
    async (req) => service.listFirmRequests(deps, ctxOf(req), req.query),
  );

  app.post(
    '/firms/requests/:id/accept',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: 'Accept a join request: the firm becomes a member from today', params: RequestIdParam, response: { 200: MembershipRequestResponse } } },
    async (req) => service.answerRequest(deps, ctxOf(req), req.params.id, 'accepted'),
  );

  app.post(
    '/firms/requests/:id/refuse',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: 'Refuse a join request (the alliance may ask again later)', params: RequestIdParam, response: { 200: MembershipRequestResponse } } },
    async (req) => service.answerRequest(deps, ctxOf(req), req.params.id, 'refused'),
  );

  app.get(
    '/firms/:enterpriseId/memberships',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: "The firm's alliances", params: FirmParam, response: { 200: FirmMemberships } } },
    async (req) => service.listFirmMemberships(deps, ctxOf(req), req.params.enterpriseId),
  );

  app.patch(
    '/firms/:enterpriseId/memberships/:allianceId',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: 'Share (or stop sharing) the report history from before the join with one alliance (version check)', params: FirmMembershipParam, body: ShareHistoryBody, response: { 200: FirmMemberships } } },
    async (req) => service.setShareHistory(deps, ctxOf(req), req.params.enterpriseId, req.params.allianceId, req.body),
  );

  app.delete(
    '/firms/:enterpriseId/memberships/:allianceId',
    { config: { policy: 'membership.firm' }, schema: { tags, summary: 'Leave an alliance; its records stay (version check)', params: FirmMembershipParam, querystring: EndMembershipQuery, response: { 200: FirmMemberships } } },
    async (req) => service.leaveAlliance(deps, ctxOf(req), req.params.enterpriseId, req.params.allianceId, req.query.version),
  );
}
