import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import { contentDisposition } from '../files/files.content';
import { agreementDocx, settlementXlsx } from './workforce.documents';
import {
  AcceptBody, AttendanceBody, AttendanceResponse, ClosePostingBody, CreatePostingBody, CreateWorkerBody, FiguresResponse, JobTypeList, ListPlacementsQuery, ListPostingsQuery, ListProposalsQuery,
  ListWorkersQuery, MatchBody, MatchResponse, OkResponse, PlacementPage, PlacementResponse, PostingPage, PostingResponse, ProposalList, ProposalResponse, RevealBody, RevealResponse, ReviewBody,
  SettingsResponse, TransitionBody, UpdatePlacementBody, UpdateSettingsBody, WorkerPage, WorkerResponse,
} from './workforce.schema';
import * as service from './workforce.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function workforceRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['workforce'];

  app.get('/workforce/job-types', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'The job-type taxonomy of shared employees (zh/en)', response: { 200: JobTypeList } } }, async () => service.jobTypes());

  app.get('/workforce/settings', { config: { policy: 'workforce.read' }, schema: { tags, summary: "The alliance's lending rules, retention period and agreement template", response: { 200: SettingsResponse } } }, async (req) =>
    service.getSettings(deps, ctxOf(req)),
  );
  app.patch('/workforce/settings', { config: { policy: 'workforce.settings' }, schema: { tags, summary: 'Change the lending rules, retention period or agreement template (version check)', body: UpdateSettingsBody, response: { 200: SettingsResponse } } }, async (req) =>
    service.updateSettings(deps, ctxOf(req), req.body),
  );

  app.get('/workforce/postings', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'Surplus and shortage postings (firms see their own)', querystring: ListPostingsQuery, response: { 200: PostingPage } } }, async (req) =>
    service.listPostings(deps, ctxOf(req), req.query),
  );
  app.post('/workforce/postings', { config: { policy: 'workforce.post' }, schema: { tags, summary: 'Post surplus staff or a shortage, or raise an emergency team request (Idempotency-Key required)', body: CreatePostingBody, response: { 201: PostingResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createPosting(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.post('/workforce/postings/:id/close', { config: { policy: 'workforce.post' }, schema: { tags, summary: 'Close a posting (version check); its unanswered proposals lapse', params: IdParam, body: ClosePostingBody, response: { 200: PostingResponse } } }, async (req) =>
    service.closePosting(deps, ctxOf(req), req.params.id, req.body.version),
  );

  app.post('/workforce/match', { config: { policy: 'workforce.match' }, schema: { tags, summary: 'Match open surplus to open shortages optimally; the result becomes proposals for review', body: MatchBody, response: { 200: MatchResponse } } }, async (req) =>
    service.runMatch(deps, ctxOf(req), req.body),
  );
  app.get('/workforce/proposals', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'Matching proposals with their explanations', querystring: ListProposalsQuery, response: { 200: ProposalList } } }, async (req) =>
    service.listProposals(deps, ctxOf(req), req.query.status),
  );
  app.post('/workforce/proposals/:id/review', { config: { policy: 'workforce.match' }, schema: { tags, summary: 'Staff approve or reject a proposal (version check)', params: IdParam, body: ReviewBody, response: { 200: ProposalResponse } } }, async (req) =>
    service.reviewProposal(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post('/workforce/proposals/:id/answer', { config: { policy: 'workforce.accept' }, schema: { tags, summary: 'A firm accepts (possibly fewer workers) or declines an approved proposal (version check)', params: IdParam, body: AcceptBody, response: { 200: ProposalResponse } } }, async (req) =>
    service.answerProposal(deps, ctxOf(req), req.params.id, req.body),
  );

  app.get('/workforce/placements', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'Placements (one per lent worker); the borrower sees the worker only after their consent', querystring: ListPlacementsQuery, response: { 200: PlacementPage } } }, async (req) =>
    service.listPlacements(deps, ctxOf(req), req.query),
  );
  app.get('/workforce/placements/:id', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'One placement', params: IdParam, response: { 200: PlacementResponse } } }, async (req) =>
    service.getPlacement(deps, ctxOf(req), req.params.id),
  );
  app.patch('/workforce/placements/:id', { config: { policy: 'workforce.placement' }, schema: { tags, summary: "Name the worker, record their consent, set the terms (version check)", params: IdParam, body: UpdatePlacementBody, response: { 200: PlacementResponse } } }, async (req) =>
    service.updatePlacement(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post('/workforce/placements/:id/transition', { config: { policy: 'workforce.placement' }, schema: { tags, summary: 'proposed → agreed → on site → returned, or ended early with a reason (version check)', params: IdParam, body: TransitionBody, response: { 200: PlacementResponse } } }, async (req) =>
    service.transitionPlacement(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post('/workforce/placements/:id/attendance', { config: { policy: 'workforce.placement' }, schema: { tags, summary: 'The borrowing firm records a day worked (re-recording a day replaces it)', params: IdParam, body: AttendanceBody, response: { 200: AttendanceResponse } } }, async (req) =>
    service.recordAttendance(deps, ctxOf(req), req.params.id, req.body),
  );
  app.get('/workforce/placements/:id/agreement.docx', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'The three-party agreement as a Word document (Chinese)', params: IdParam, produces: [DOCX] } }, async (req, reply) => {
    const { text, placementId } = await service.agreementText(deps, ctxOf(req), req.params.id);
    return reply.type(DOCX).header('content-disposition', contentDisposition(`共享员工三方协议-${placementId}.docx`, DOCX)).send(await agreementDocx(text));
  });
  app.get('/workforce/settlement.xlsx', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'Wage settlement per placement and per firm pair (.xlsx)', produces: [XLSX] } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const data = await settlementXlsx(await service.settlementRows(deps, ctx), ctx.locale);
    return reply.type(XLSX).header('content-disposition', contentDisposition('workforce-settlement.xlsx', XLSX)).send(data);
  });

  app.get('/workforce/workers', { config: { policy: 'workforce.roster' }, schema: { tags, summary: 'The roster of lendable workers (masked phone and ID number)', querystring: ListWorkersQuery, response: { 200: WorkerPage } } }, async (req) =>
    service.listWorkers(deps, ctxOf(req), req.query),
  );
  app.post('/workforce/workers', { config: { policy: 'workforce.roster' }, schema: { tags, summary: 'Add a worker; phone and ID number are sealed at rest (Idempotency-Key required)', body: CreateWorkerBody, response: { 201: WorkerResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createWorker(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.post('/workforce/workers/:id/reveal', { config: { policy: 'workforce.reveal' }, schema: { tags, summary: "Reveal a worker's full phone or ID number (audited, without the value)", params: IdParam, body: RevealBody, response: { 200: RevealResponse } } }, async (req) =>
    service.revealWorker(deps, ctxOf(req), req.params.id, req.body.field),
  );
  app.delete('/workforce/workers/:id', { config: { policy: 'workforce.roster' }, schema: { tags, summary: "Erase a worker's personal data on request (placements stay, anonymous)", params: IdParam, response: { 200: OkResponse } } }, async (req) =>
    service.eraseWorker(deps, ctxOf(req), req.params.id),
  );

  app.get('/workforce/figures', { config: { policy: 'workforce.read' }, schema: { tags, summary: 'Workers lent today, placements by chain, filled vs open demand, days worked, firms helped', response: { 200: FiguresResponse } } }, async (req) =>
    service.figures(deps, ctxOf(req)),
  );
}
