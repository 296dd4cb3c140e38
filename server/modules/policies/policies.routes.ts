import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { ctxOf } from '../../core/http/request-context';
import { idempotentNotifying } from '../notifications/outbox';
import { idempotent } from '../../core/http/idempotency';
import {
  AnswerQuestionBody, ApplicationPage, ApplicationResponse, ApplicationTotals, AskQuestionBody, CreateApplicationBody, CreatePolicyBody, EnterprisePolicies, ListApplicationsQuery,
  ListPoliciesQuery, MatchQuery, PolicyMatches, PolicyPage, PolicyResponse, QuestionList, QuestionResponse, TransitionApplicationBody,
} from './policies.schema';
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

  // Fulfilment (政策兑现).
  app.get(
    '/policy-applications',
    { config: { policy: 'policy.applications' }, schema: { tags, summary: "Applications for policies' benefits (a firm: its own), most recently changed first", querystring: ListApplicationsQuery, response: { 200: ApplicationPage } } },
    async (req) => service.listApplications(deps, ctxOf(req), req.query),
  );

  app.post(
    '/policy-applications',
    { config: { policy: 'policy.fulfil' }, schema: { tags, summary: "Record a member's application for a policy; it starts in preparation with a working-day deadline (Idempotency-Key required)", body: CreateApplicationBody, response: { 201: ApplicationResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createApplication(trx, deps, ctx, req.body));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/policy-applications/totals',
    { config: { policy: 'policy.totals' }, schema: { tags, summary: 'Applications and money requested, approved and disbursed, by policy, by issuing department and for the alliance', response: { 200: ApplicationTotals } } },
    async (req) => service.applicationTotals(deps, ctxOf(req)),
  );

  app.get(
    '/policy-applications/:id',
    { config: { policy: 'policy.applications' }, schema: { tags, summary: 'One application with its stage, deadline and amounts', params: IdParam, response: { 200: ApplicationResponse } } },
    async (req) => service.getApplication(deps, ctxOf(req), req.params.id),
  );

  app.post(
    '/policy-applications/:id/transition',
    { config: { policy: 'policy.fulfil' }, schema: { tags, summary: 'Move an application: submitted, approved or rejected, disbursed (version check; 409 illegal_transition otherwise)', params: IdParam, body: TransitionApplicationBody, response: { 200: ApplicationResponse } } },
    async (req) => service.transitionApplication(deps, ctxOf(req), req.params.id, req.body),
  );

  // Co-research (政策共研).
  app.get(
    '/policies/:id/questions',
    { config: { policy: 'policy.read' }, schema: { tags, summary: "Members' questions on a policy and the policy group's answers (a firm: its own and the published answers)", params: IdParam, response: { 200: QuestionList } } },
    async (req) => service.listQuestions(deps, ctxOf(req), req.params.id),
  );

  app.post(
    '/policies/:id/questions',
    { config: { policy: 'policy.ask' }, schema: { tags, summary: 'Ask the policy group about a policy, for your firm (Idempotency-Key required)', params: IdParam, body: AskQuestionBody, response: { 201: QuestionResponse } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.askQuestion(trx, deps, ctx, req.params.id, req.body));
      return reply.code(result.status).send(result.body);
    },
  );

  app.post(
    '/policy-questions/:id/answer',
    { config: { policy: 'policy.answer' }, schema: { tags, summary: "Answer a member's question, published to every member or to the asking firm only (version check)", params: IdParam, body: AnswerQuestionBody, response: { 200: QuestionResponse } } },
    async (req) => service.answerQuestion(deps, ctxOf(req), req.params.id, req.body),
  );
}
