import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import {
  CampaignPage, CampaignResponse, CreateCampaignBody, DeliveryBody, DeliveryList, DeliveryResponse, ListCampaignsQuery, LockBody, PledgeBody, PledgeList, PledgeResponse, PledgesQuery,
  PurchasingFigures, SettlementQuery, SuggestionList, TotalsResponse, VersionBody,
} from './purchasing.schema';
import * as service from './purchasing.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function purchasingRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['purchasing'];

  app.get('/purchasing/campaigns', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'Group-purchase campaigns of the alliance, latest deadline first', querystring: ListCampaignsQuery, response: { 200: CampaignPage } } }, async (req) =>
    service.listCampaigns(deps, ctxOf(req), req.query),
  );
  app.post('/purchasing/campaigns', { config: { policy: 'purchase.manage' }, schema: { tags, summary: 'Open a campaign: items, price tiers, caps, deadline, allocation rule (Idempotency-Key required)', body: CreateCampaignBody, response: { 201: CampaignResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createCampaign(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.get('/purchasing/totals', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'Totals of the alliance\'s group purchases (overview)', response: { 200: TotalsResponse } } }, async (req) =>
    service.totals(deps, ctxOf(req)),
  );
  app.get('/purchasing/figures', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'Figures of the alliance\'s group purchases: campaigns open, firms, units pledged, allocated and received per unit, money in fen', response: { 200: PurchasingFigures } } }, async (req) =>
    service.figures(deps, ctxOf(req)),
  );
  app.get('/purchasing/campaigns/:id', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'One campaign with its items, current tiers and the asking firm\'s own lines', params: IdParam, response: { 200: CampaignResponse } } }, async (req) =>
    service.getCampaign(deps, ctxOf(req), req.params.id),
  );
  app.get('/purchasing/campaigns/:id/pledges', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'Pledges with expected costs (staff: every firm; a firm: its own)', params: IdParam, querystring: PledgesQuery, response: { 200: PledgeList } } }, async (req) =>
    service.listPledges(deps, ctxOf(req), req.params.id, req.query.enterpriseId),
  );
  app.put('/purchasing/campaigns/:id/pledges', { config: { policy: 'purchase.pledge' }, schema: { tags, summary: 'Set a firm\'s pledge for an item until the deadline (0 withdraws it); refused above the cap or stock', params: IdParam, body: PledgeBody, response: { 200: PledgeResponse } } }, async (req) =>
    service.pledge(deps, ctxOf(req), req.params.id, req.body),
  );
  app.get('/purchasing/campaigns/:id/suggestions', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'Suggested demand from reported prevention days of cover and headcount', params: IdParam, querystring: PledgesQuery, response: { 200: SuggestionList } } }, async (req) =>
    service.suggestions(deps, ctxOf(req), req.params.id, req.query.enterpriseId),
  );
  app.post('/purchasing/campaigns/:id/lock', { config: { policy: 'purchase.manage' }, schema: { tags, summary: 'Lock the campaign and allocate what the supplier confirmed by the campaign\'s rule (version check)', params: IdParam, body: LockBody, response: { 200: CampaignResponse } } }, async (req) =>
    service.lockCampaign(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post('/purchasing/campaigns/:id/order', { config: { policy: 'purchase.manage' }, schema: { tags, summary: 'Place the supplier order at the tier of the allocated totals (version check)', params: IdParam, body: VersionBody, response: { 200: CampaignResponse } } }, async (req) =>
    service.orderCampaign(deps, ctxOf(req), req.params.id, req.body.version),
  );
  app.get('/purchasing/campaigns/:id/deliveries', { config: { policy: 'purchase.read' }, schema: { tags, summary: 'Deliveries of the supplier and receipts of firms', params: IdParam, response: { 200: DeliveryList } } }, async (req) =>
    service.listDeliveries(deps, ctxOf(req), req.params.id),
  );
  app.post('/purchasing/campaigns/:id/deliveries', { config: { policy: 'purchase.receive' }, schema: { tags, summary: 'Record a supplier delivery (staff) or a firm\'s receipt (Idempotency-Key required)', params: IdParam, body: DeliveryBody, response: { 201: DeliveryResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, { ...req.body, campaignId: req.params.id }, (trx) => service.recordDelivery(trx, deps, ctx, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.get('/purchasing/campaigns/:id/settlement', { config: { policy: 'purchase.settlement' }, schema: { tags, summary: 'A firm\'s settlement statement (.xlsx)', params: IdParam, querystring: SettlementQuery } }, async (req, reply) => {
    const { filename, data } = await service.settlement(deps, ctxOf(req), req.params.id, req.query.enterpriseId);
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${filename}"`).send(data);
  });
}
