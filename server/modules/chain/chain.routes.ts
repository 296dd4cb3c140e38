import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { IdParam, VersionText } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import * as analysis from './chain.analysis';
import { assertCanImportLinks, exportLinks, importLinks } from './chain.excel';
import { AnalysisJobs } from './chain.jobs';
import {
  AnalysisBody, AnalysisJob, FileProblemBody, FileProblemResponse, CreateItemBody, DeclareLinkBody, ItemList, ItemResponse, JobParams, LinkExportQuery, LinkImportQuery, LinkImportResponse,
  LinkPage, LinkResponse, ListLinksQuery, MemberList, MembersQuery, ScenarioBody, ScenarioList, ScenarioResponse, UpdateLinkBody, UpdateScenarioBody, VersionBody,
} from './chain.schema';
import * as service from './chain.service';
import { fileProblem } from './chain.problems';
import { idempotentNotifying } from '../notifications/outbox';

export function chainRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['chain'];
  // This process's analysis jobs; closing the app cancels the ones still running.
  const jobs = new AnalysisJobs(deps);
  root.addHook('onClose', async () => jobs.close());

  app.get('/chain/members', { config: { policy: 'chain.read' }, schema: { tags, summary: 'Member enterprises by name (counterparties for links): search as you type, or the chosen ones by id', description: 'At most `limit` names in name order (`more` tells whether more match); `q` keeps names containing it, `ids` (comma-separated, up to 100) answers those members.', querystring: MembersQuery, response: { 200: MemberList } } }, async (req) => service.listMembers(deps, ctxOf(req), req.query));

  app.get('/chain/items', { config: { policy: 'chain.read' }, schema: { tags, summary: "The alliance's item list", response: { 200: ItemList } } }, async (req) => service.listItems(deps, ctxOf(req)));

  app.post('/chain/items', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Add an item to the list (Idempotency-Key required)', body: CreateItemBody, response: { 201: ItemResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const r = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.createItem(trx, deps, ctx, req.body.name) }));
    return reply.code(r.status).send(r.body);
  });

  app.get('/chain/links', { config: { policy: 'chain.read' }, schema: { tags, summary: 'Supply links I may see (staff: the whole map)', querystring: ListLinksQuery, response: { 200: LinkPage } } }, async (req) => service.listLinks(deps, ctxOf(req), req.query));

  app.post('/chain/links', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Declare a supply link (Idempotency-Key required); the other side confirms', body: DeclareLinkBody, response: { 201: LinkResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const r = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await service.declareLink(trx, deps, ctx, req.body) }));
    return reply.code(r.status).send(r.body);
  });

  app.get('/chain/links/export', { config: { policy: 'chain.read' }, schema: { tags, summary: 'The supply links I may see as .xlsx (same columns as the import)', querystring: LinkExportQuery } }, async (req, reply) => {
    const buf = await exportLinks(deps, ctxOf(req), req.query);
    const name = `supply-links-${new Date().toISOString().slice(0, 10)}.xlsx`;
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}"`).send(buf);
  });

  app.post('/chain/links/import', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Import confirmed supply links from .xlsx/.csv (multipart field `file`; alliance staff only); all rows or none', querystring: LinkImportQuery, consumes: ['multipart/form-data'], response: { 200: LinkImportResponse } } }, async (req) => {
    const ctx = ctxOf(req);
    assertCanImportLinks(ctx);
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'multipart_required' }]);
    let upload: { data: Buffer; filename: string };
    try {
      const file = await req.file();
      if (!file) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'required' }]);
      upload = { data: await file.toBuffer(), filename: file.filename };
    } catch (err) {
      // The multipart parser's own errors carry a 4xx status (e.g. 413); a malformed body throws a bare Error.
      if (err instanceof AppError || typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
      throw new AppError('validation_failed', {}, [{ path: 'file', code: 'multipart_required' }]);
    }
    return importLinks(deps, ctx, upload, { dryRun: req.query.dryRun });
  });

  app.get('/chain/links/:id', { config: { policy: 'chain.read' }, schema: { tags, summary: 'One supply link', params: IdParam, response: { 200: LinkResponse } } }, async (req) => service.getLink(deps, ctxOf(req), req.params.id));

  app.patch('/chain/links/:id', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Edit a link (version check); a side’s edit needs the other side’s confirmation again', params: IdParam, body: UpdateLinkBody, response: { 200: LinkResponse } } }, async (req) =>
    service.updateLink(deps, ctxOf(req), req.params.id, req.body),
  );

  app.post('/chain/links/:id/confirm', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Confirm a link declared by the other side', params: IdParam, body: VersionBody, response: { 200: LinkResponse } } }, async (req) =>
    service.confirmLink(deps, ctxOf(req), req.params.id, req.body.version),
  );

  app.delete('/chain/links/:id', { config: { policy: 'chain.declare' }, schema: { tags, summary: 'Remove a link (version check)', params: IdParam, querystring: z.object({ version: VersionText }), response: { 200: z.object({ ok: z.literal(true) }) } } }, async (req) => {
    await service.deleteLink(deps, ctxOf(req), req.params.id, req.query.version);
    return { ok: true as const };
  });

  app.post('/chain/analyses', { config: { policy: 'chain.analyse' }, schema: { tags, summary: 'Run the chain-break analysis (forecast, criticality, help priority, optional scenario); answers the result, or a job to poll (the one already running when the same request is repeated)', body: AnalysisBody, response: { 200: AnalysisJob } } }, async (req) =>
    jobs.start(ctxOf(req), req.body),
  );

  app.get('/chain/analyses/:id', { config: { policy: 'chain.analyse' }, schema: { tags, summary: 'Progress or result of an analysis I started (any server process answers)', params: JobParams, response: { 200: AnalysisJob } } }, async (req) =>
    jobs.get(ctxOf(req), req.params.id),
  );

  app.post('/chain/problems', { config: { policy: 'chain.analyse' }, schema: { tags, summary: 'File a problem for the root firm of a forecast break or a help-priority row (or attach the analysis to its open problem); Idempotency-Key required', description: 'Routed like any other problem; source `chain`, referencing the analysis.', body: FileProblemBody, response: { 201: FileProblemResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const r = await idempotentNotifying(deps, req, ctx.actor.userId, req.body, (trx, outbox) => fileProblem(trx, deps, ctx, outbox, req.body));
    return reply.code(r.status).send(r.body);
  });

  app.get('/chain/scenarios', { config: { policy: 'chain.analyse' }, schema: { tags, summary: "The alliance's saved what-if scenarios", response: { 200: ScenarioList } } }, async (req) => analysis.listScenarios(deps, ctxOf(req)));

  app.post('/chain/scenarios', { config: { policy: 'chain.scenario' }, schema: { tags, summary: 'Save a scenario (Idempotency-Key required)', body: ScenarioBody, response: { 201: ScenarioResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const r = await idempotent(deps, req, ctx.actor.userId, req.body, async (trx) => ({ status: 201 as const, body: await analysis.createScenario(trx, deps, ctx, req.body) }));
    return reply.code(r.status).send(r.body);
  });

  app.get('/chain/scenarios/:id', { config: { policy: 'chain.analyse' }, schema: { tags, summary: 'One scenario', params: IdParam, response: { 200: ScenarioResponse } } }, async (req) => analysis.getScenario(deps, ctxOf(req), req.params.id));

  app.patch('/chain/scenarios/:id', { config: { policy: 'chain.scenario' }, schema: { tags, summary: 'Edit a scenario (version check)', params: IdParam, body: UpdateScenarioBody, response: { 200: ScenarioResponse } } }, async (req) =>
    analysis.updateScenario(deps, ctxOf(req), req.params.id, req.body),
  );

  app.delete('/chain/scenarios/:id', { config: { policy: 'chain.scenario' }, schema: { tags, summary: 'Delete a scenario', params: IdParam, response: { 200: z.object({ ok: z.literal(true) }) } } }, async (req) => {
    await analysis.deleteScenario(deps, ctxOf(req), req.params.id);
    return { ok: true as const };
  });
}
