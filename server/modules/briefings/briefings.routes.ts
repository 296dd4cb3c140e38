import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { ctxOf } from '../../core/http/request-context';
import { contentDisposition } from '../files/files.content';
import { Briefing, BriefingQuery, DownloadQuery, ScheduledPage, ScheduledQuery } from './briefings.schema';
import { closeBrowser } from './briefings.pdf';
import * as service from './briefings.service';

const PRODUCES = [service.XLSX_MIME, 'application/pdf'];
const DOWNLOAD = '`format=xlsx` or `format=pdf` (printed by headless Chromium; 503 `pdf_unavailable` when the server has none — the .xlsx always works).';

function send(reply: FastifyReply, f: service.BriefingFile) {
  return reply.type(f.mime).header('content-disposition', contentDisposition(f.name, f.mime)).header('cache-control', 'private, no-store').send(f.data);
}

export function briefingRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['briefings'];
  root.addHook('onClose', closeBrowser);

  app.get(
    '/briefings/alliance',
    { config: { policy: 'briefing.read' }, schema: { tags, summary: 'The alliance\'s daily or weekly briefing (日报 / 周报): each section\'s figures and chart data', description: 'Read as the alliance\'s office: the same for every member of staff. A section is present when its module is.', querystring: BriefingQuery, response: { 200: Briefing } } },
    async (req) => service.getAllianceBriefing(deps, ctxOf(req), req.query),
  );
  app.get(
    '/briefings/alliance/download',
    { config: { policy: 'briefing.read' }, schema: { tags, summary: 'The alliance\'s briefing as .xlsx or PDF', description: DOWNLOAD, querystring: DownloadQuery, produces: PRODUCES } },
    async (req, reply) => send(reply, await service.downloadAlliance(deps, ctxOf(req), req.query)),
  );
  app.get(
    '/briefings/city',
    { config: { policy: 'briefing.city' }, schema: { tags, summary: 'The city briefing: every section over all alliances', description: 'Resumption counts each member firm once; chain breaks are distinct firms; other counts are the alliances\' summed.', querystring: BriefingQuery, response: { 200: Briefing } } },
    async (req) => service.getCityBriefing(deps, ctxOf(req), req.query),
  );
  app.get(
    '/briefings/city/download',
    { config: { policy: 'briefing.city' }, schema: { tags, summary: 'The city briefing as .xlsx or PDF', description: DOWNLOAD, querystring: DownloadQuery, produces: PRODUCES } },
    async (req, reply) => send(reply, await service.downloadCity(deps, ctxOf(req), req.query)),
  );
  app.get(
    '/briefings/scheduled',
    { config: { policy: 'briefing.read' }, schema: { tags, summary: 'Briefings generated on the schedule, newest first', description: 'The session\'s alliance\'s (the platform admin without an alliance: the city\'s); download the files with GET /api/files/{id}.', querystring: ScheduledQuery, response: { 200: ScheduledPage } } },
    async (req) => service.listScheduled(deps, ctxOf(req), req.query),
  );
}
