import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { AcceptProposalBody, ProposalsQuery, ProposalsResponse, CreateRiskBody, DeleteRiskQuery, HeatmapQuery, HeatmapResponse, ListRisksQuery, OkResponse, RiskList, RiskPage, RiskResponse, UpdateRiskBody } from './risks.schema';
import * as service from './risks.service';

export function riskRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['risks'];

  app.get('/risks', { config: { policy: 'risk.read' }, schema: { tags, summary: 'The risk register: filters, search, sorting (default: highest score first)', querystring: ListRisksQuery, response: { 200: RiskPage } } }, async (req) =>
    service.listRisks(deps, ctxOf(req), req.query),
  );

  app.post('/risks', { config: { policy: 'risk.manage' }, schema: { tags, summary: 'Register a risk (Idempotency-Key required)', body: CreateRiskBody, response: { 201: RiskResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createRisk(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/risks/heatmap', { config: { policy: 'risk.read' }, schema: { tags, summary: 'Risk counts by likelihood × impact (5 × 5); default open and mitigating', querystring: HeatmapQuery, response: { 200: HeatmapResponse } } }, async (req) =>
    service.heatmap(deps, ctxOf(req), req.query),
  );

  app.get('/risks/proposals', { config: { policy: 'risk.read' }, schema: { tags, summary: 'Risk proposals: blockers many members report at once', description: 'Blockers named by at least `minFirms` members in their current reports (latest report on or before today, dated within the last 7 days); default max(5, 10 % of the current reporters). A blocker with a risk made from it that is not closed is left out. Each proposal lists the firms and the prefilled risk.', querystring: ProposalsQuery, response: { 200: ProposalsResponse } } }, async (req) =>
    service.listProposals(deps, ctxOf(req), req.query),
  );

  app.post('/risks/proposals', { config: { policy: 'risk.manage' }, schema: { tags, summary: 'Accept a risk proposal (Idempotency-Key required)', description: 'Registers the risk the proposal prefills (title, category, score, source blocker, the reporting firms linked) in one transaction; 409 `proposal_not_standing` when the blocker is no longer proposed.', body: AcceptProposalBody, response: { 201: RiskResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.acceptProposal(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/risks/reviews/overdue', { config: { policy: 'risk.read' }, schema: { tags, summary: 'Risks whose review date has passed (not closed)', response: { 200: RiskList } } }, async (req) =>
    service.overdueReviews(deps, ctxOf(req)),
  );

  app.get('/risks/:id', { config: { policy: 'risk.read' }, schema: { tags, summary: 'One risk', params: IdParam, response: { 200: RiskResponse } } }, async (req) =>
    service.getRisk(deps, ctxOf(req), req.params.id),
  );

  app.patch('/risks/:id', { config: { policy: 'risk.manage' }, schema: { tags, summary: 'Edit a risk (version check)', params: IdParam, body: UpdateRiskBody, response: { 200: RiskResponse } } }, async (req) =>
    service.updateRisk(deps, ctxOf(req), req.params.id, req.body),
  );

  app.delete('/risks/:id', { config: { policy: 'risk.manage' }, schema: { tags, summary: 'Delete a risk entered by mistake (version check; close it instead when it is over)', params: IdParam, querystring: DeleteRiskQuery, response: { 200: OkResponse } } }, async (req) =>
    service.deleteRisk(deps, ctxOf(req), req.params.id, req.query.version),
  );
}
