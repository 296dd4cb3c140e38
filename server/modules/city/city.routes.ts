import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { ctxOf } from '../../core/http/request-context';
import { BreakdownQuery, BreakdownResponse, CityQuery, CityResponse, CoSharingResponse, FirmsFilter, FirmsPage, FirmsQuery, StreamQuery } from './city.schema';
import * as service from './city.service';
import { CityWatcher, openCityStream } from './city.sse';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function cityRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['city'];
  const watcher = new CityWatcher(deps);
  root.addHook('preClose', async () => watcher.closeAll());

  app.get('/city', { config: { policy: 'city.read' }, schema: { tags, summary: 'Every alliance side by side on a day (default today), with the city totals', description: '复工率 = members that reported partial or full ÷ all members (non-reporters unknown); 填报率 = reported ÷ members; chain breaks from each alliance\'s latest finished analysis (null: none).', querystring: CityQuery, response: { 200: CityResponse } } }, async (req) =>
    service.cityOverview(deps, ctxOf(req), req.query),
  );

  app.get('/city/co-sharing', { config: { policy: 'city.read' }, schema: { tags, summary: 'Group purchasing and resource / order co-sharing of every alliance, with the city totals', description: 'Campaigns open, firms pledging, units pledged / allocated / received per unit of measure, money in fen (committed and ordered); open offers and needs, deals, orders passed on (counts only).', response: { 200: CoSharingResponse } } }, async (req) =>
    service.coSharing(deps, ctxOf(req)),
  );

  app.get('/city/breakdown', { config: { policy: 'city.read' }, schema: { tags, summary: 'Daily figures per district or industry over a date range (at most 92 days; default the last 14)', querystring: BreakdownQuery, response: { 200: BreakdownResponse } } }, async (req) =>
    service.breakdown(deps, ctxOf(req), req.query),
  );

  app.get('/city/firms', { config: { policy: 'city.read' }, schema: { tags, summary: 'The firms behind a figure of the city view (paginated, sortable)', querystring: FirmsQuery, response: { 200: FirmsPage } } }, async (req) =>
    service.firms(deps, ctxOf(req), req.query),
  );

  app.get('/city/firms/export', { config: { policy: 'city.read' }, schema: { tags, summary: 'The firms behind a figure as .xlsx (at most 20,000 rows)', querystring: FirmsFilter } }, async (req, reply) => {
    const buf = await service.exportFirms(deps, ctxOf(req), req.query);
    const name = `city-${req.query.figure}-${new Date().toISOString().slice(0, 10)}.xlsx`;
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(buf);
  });

  app.get(
    '/city/stream',
    {
      config: { policy: 'city.read' },
      schema: {
        tags,
        summary: 'Live refresh of the city view (server-sent events): `changed` on connect and whenever reports or problems change; keep-alive comments every 25 s; `session_ended` when the session ends',
        querystring: StreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => openCityStream(deps, ctxOf(req), req, reply, watcher),
  );
}
