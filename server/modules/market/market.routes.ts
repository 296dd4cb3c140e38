import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../core/context';
import { IdParam } from '../../core/http/common-schema';
import { idempotent } from '../../core/http/idempotency';
import { ctxOf } from '../../core/http/request-context';
import {
  CreateDealBody, CreateOrderBody, CreatePostBody, CreateQuoteBody, DealList, DealResponse, DealStepBody, ListPostsQuery, MarketFigures, MatchList, OrderDeliveryBody, OrderList, OrderResponse, PostList,
  PostResponse, SplitBody, SplitSuggestion,
} from './market.schema';
import * as service from './market.service';

export function marketRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['market'];

  app.get('/market/posts', { config: { policy: 'market.read' }, schema: { tags, summary: 'The board: open offers and needs of the alliance\'s members, urgent needs first', querystring: ListPostsQuery, response: { 200: PostList } } }, async (req) =>
    service.listPosts(deps, ctxOf(req), req.query),
  );
  app.post('/market/posts', { config: { policy: 'market.post' }, schema: { tags, summary: 'Post an offer or a need for one\'s firm (Idempotency-Key required)', body: CreatePostBody, response: { 201: PostResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createPost(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.get('/market/matches', { config: { policy: 'market.read' }, schema: { tags, summary: 'Matching proposals of offers to needs, explained (a firm: those touching its posts)', response: { 200: MatchList } } }, async (req) =>
    service.matches(deps, ctxOf(req)),
  );
  app.get('/market/figures', { config: { policy: 'market.read' }, schema: { tags, summary: 'Figures of the alliance\'s board and orders: open offers and needs, deals, orders passed on (counts only)', response: { 200: MarketFigures } } }, async (req) =>
    service.figures(deps, ctxOf(req)),
  );
  app.get('/market/deals', { config: { policy: 'market.read' }, schema: { tags, summary: 'Deals the asker takes part in (staff: all)', response: { 200: DealList } } }, async (req) => service.listDeals(deps, ctxOf(req)));
  app.post('/market/deals', { config: { policy: 'market.post' }, schema: { tags, summary: 'Propose a deal from a match; the proposing side has confirmed (Idempotency-Key required)', body: CreateDealBody, response: { 201: DealResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createDeal(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.post('/market/deals/:id/step', { config: { policy: 'market.post' }, schema: { tags, summary: 'Confirm a deal, record delivery (offering firm) or receipt (needing firm) (version check)', params: IdParam, body: DealStepBody, response: { 200: DealResponse } } }, async (req) =>
    service.dealStep(deps, ctxOf(req), req.params.id, req.body),
  );
  app.get('/market/orders', { config: { policy: 'market.read' }, schema: { tags, summary: 'Orders members could not fill; commercial details only for the parties and staff', response: { 200: OrderList } } }, async (req) => service.listOrders(deps, ctxOf(req)));
  app.post('/market/orders', { config: { policy: 'market.post' }, schema: { tags, summary: 'Post an order (or part of one) one\'s firm cannot fill (Idempotency-Key required)', body: CreateOrderBody, response: { 201: OrderResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, req.body, (trx) => service.createOrder(trx, deps, ctx, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.get('/market/orders/:id', { config: { policy: 'market.read' }, schema: { tags, summary: 'One order; commercial details only for the parties and staff', params: IdParam, response: { 200: OrderResponse } } }, async (req) =>
    service.getOrder(deps.db, ctxOf(req), req.params.id),
  );
  app.post('/market/orders/:id/quotes', { config: { policy: 'market.post' }, schema: { tags, summary: 'Quote for an order: price, quantity, delivery date (replaces the firm\'s earlier quote; Idempotency-Key required)', params: IdParam, body: CreateQuoteBody, response: { 201: OrderResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, { ...req.body, orderId: req.params.id }, (trx) => service.createQuote(trx, deps, ctx, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });
  app.get('/market/orders/:id/split-suggestion', { config: { policy: 'market.post' }, schema: { tags, summary: 'The cheapest split of the order among its quotes (the poster)', params: IdParam, response: { 200: SplitSuggestion } } }, async (req) =>
    service.suggestOrderSplit(deps, ctxOf(req), req.params.id),
  );
  app.post('/market/orders/:id/split', { config: { policy: 'market.post' }, schema: { tags, summary: 'The poster splits the order among quotes (version check)', params: IdParam, body: SplitBody, response: { 200: OrderResponse } } }, async (req) =>
    service.splitOrder(deps, ctxOf(req), req.params.id, req.body),
  );
  app.post('/market/orders/:id/deliveries', { config: { policy: 'market.post' }, schema: { tags, summary: 'The poster records units received from a quote\'s firm (Idempotency-Key required)', params: IdParam, body: OrderDeliveryBody, response: { 201: OrderResponse } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const result = await idempotent(deps, req, ctx.actor.userId, { ...req.body, orderId: req.params.id }, (trx) => service.orderDelivery(trx, deps, ctx, req.params.id, req.body));
    return reply.code(result.status).send(result.body);
  });
}
