import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { ctxOf } from '../../core/http/request-context';
import { idempotentNotifying } from '../notifications/outbox';
import { CreatePolicyBody, EnterprisePolicies, ListPoliciesQuery, MatchQuery, PolicyMatches, PolicyPage, PolicyResponse } from './policies.schema';
import * as service from './policies.service';

export function policyRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['policies'];

  app.get(
    '/policies',
    { config: { policy: 'policy.read' }, schema: { tags, summary: "The alliance's policy library, newest first, with how many members qualify", querystring: ListPoliciesQuery, response: { 200: PolicyPage } } },
    async (req) => service.listPolicies(deps, ctxOf(req), req.query),
  );

  app.post(
    '/policies',
    { config: { policy: 'policy.manage' }, schema: { tags, summary: 'Add a policy with its eligibility rules; the qualifying members are notified (Idempotency-Key required)', body: CreatePolicyBody, response: { 201: PolicyResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => service.createPolicy(trx, outbox, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/policies/:id',
    { config: { policy: 'policy.read' }, schema: { tags, summary: 'One policy with its text and rules', params: IdParam, response: { 200: PolicyResponse } } },
    async (req) => service.getPolicy(deps, ctxOf(req), req.params.id),
  );

  app.get(
    '/policies/:id/matches',
    { config: { policy: 'policy.match' }, schema: { tags, summary: 'The members that qualify for the policy and why (all=true: every member, with what it lacks)', params: IdParam, querystring: MatchQuery, response: { 200: PolicyMatches } } },
    async (req) => service.policyMatches(deps, ctxOf(req), req.params.id, req.query.all),
  );

  app.get(
    '/enterprises/:id/policies',
    { config: { policy: 'policy.read' }, schema: { tags, summary: "The policies a member qualifies for, and what it still needs for the others", params: IdParam, response: { 200: EnterprisePolicies } } },
    async (req) => service.enterprisePolicies(deps, ctxOf(req), req.params.id),
  );
}
