import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import {
  EnterpriseReportsParams, LatestStatusPage, LatestStatusQuery, MissingPage, MissingQuery, ReportHistoryParams,
  ReportHistoryResponse, ReportList, ReportRangeQuery, ReportResponse, SubmitReportBody, TrendQuery, TrendResponse,
} from './reports.schema';
import * as service from './reports.service';
import { z } from 'zod';

export function reportRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  app.post('/enterprises/:id/reports', { config: { policy: 'report.submit' }, schema: { tags, summary: "File the day's report, or edit it with its version (Idempotency-Key required)", params: EnterpriseReportsParams, body: SubmitReportBody, response: { 200: ReportResponse, 201: ReportResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, { id: req.params.id, ...req.body }, (trx) => service.submitReport(trx, deps, ctx, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });

  app.get('/enterprises/:id/reports', { config: { policy: 'report.read' }, schema: { tags, summary: "An enterprise's reports (default: last 30 days)", params: EnterpriseReportsParams, querystring: ReportRangeQuery, response: { 200: ReportList } } }, async (req) =>
    service.listEnterpriseReports(deps, ctxOf(req), req.params.id, req.query),
  );

  app.get('/enterprises/:id/reports/:date', { config: { policy: 'report.read' }, schema: { tags, summary: 'One day’s report with its edit history', params: ReportHistoryParams, response: { 200: ReportHistoryResponse } } }, async (req) =>
    service.reportHistory(deps, ctxOf(req), req.params.id, req.params.date),
  );

  app.get('/reports/latest', { config: { policy: 'report.overview' }, schema: { tags, summary: 'Latest status of every member', querystring: LatestStatusQuery, response: { 200: LatestStatusPage } } }, async (req) =>
    service.latestStatus(deps, ctxOf(req), req.query),
  );

  app.get('/reports/missing', { config: { policy: 'report.overview' }, schema: { tags, summary: 'Members that have not reported on a date (default today)', querystring: MissingQuery, response: { 200: MissingPage } } }, async (req) =>
    service.missingReports(deps, ctxOf(req), req.query),
  );

  app.get('/reports/trend', { config: { policy: 'report.overview' }, schema: { tags, summary: 'Daily aggregates over the alliance', querystring: TrendQuery.extend({ mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }), response: { 200: TrendResponse } } }, async (req) =>
    service.trend(deps, ctxOf(req), req.query),
  );
}
