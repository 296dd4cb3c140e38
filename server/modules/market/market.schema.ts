/** Schemas of the resource board (资源共济) and orders (订单共商), one per endpoint. */
import { z } from 'zod';
import { Id, IdText, INT32_MAX, isoDate, Version } from '../../core/http/common-schema';
import { isDistrictCode } from '../../domain/districts';
import { quantitySchema, UnitSchema } from '../../domain/units.schema';
import { RESOURCE_KINDS } from './market.matching';

const Count = z.number().int().min(1).max(INT32_MAX);
const Fen = z.number().int().min(0).max(INT32_MAX);
const Firm = z.object({ id: z.number().int(), name: z.string() });

export const CreatePostBody = z
  .object({
    enterpriseId: Id,
    side: z.enum(['offer', 'need']),
    kind: z.enum(RESOURCE_KINDS),
    item: z.string().trim().min(1).max(80),
    spec: z.string().trim().max(200).default(''),
    quantity: quantitySchema({ min: 1 }),
    availableFrom: isoDate,
    availableTo: isoDate,
    districtCode: z.string().refine(isDistrictCode, { message: 'unknown_district' }).nullable().default(null),
    /** Per unit of `quantity.unit`, fen; null: free or at cost. */
    unitPriceFen: Fen.nullable().default(null),
    note: z.string().trim().max(1000).default(''),
  })
  .refine((b) => b.availableFrom <= b.availableTo, { path: ['availableTo'], message: 'before_start' });
export type CreatePostBody = z.infer<typeof CreatePostBody>;

export const PostResponse = z.object({
  id: z.number().int(),
  enterprise: Firm,
  side: z.enum(['offer', 'need']),
  kind: z.enum(RESOURCE_KINDS),
  item: z.string(),
  spec: z.string(),
  quantity: z.object({ amount: z.number().int(), unit: UnitSchema }),
  availableFrom: z.string(),
  availableTo: z.string(),
  districtCode: z.string().nullable(),
  unitPriceFen: z.number().int().nullable(),
  note: z.string(),
  status: z.string(),
  /** A need for the binding input of a forecast break of the firm or one of its customers: ranked first. */
  urgent: z.boolean(),
  /** The earliest such break (the current chain forecast): whose, on which day (0 = today), which item. */
  urgentBreak: z.object({ enterprise: Firm, day: z.number().int(), item: z.string() }).nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export const PostList = z.object({ items: z.array(PostResponse) });
export const ListPostsQuery = z.object({ side: z.enum(['offer', 'need']).optional(), kind: z.enum(RESOURCE_KINDS).optional() });

export const MatchList = z.object({
  items: z.array(
    z.object({
      offerId: z.number().int(),
      needId: z.number().int(),
      amount: z.number().int(),
      unit: UnitSchema,
      score: z.number().int(),
      urgent: z.boolean(),
      reasons: z.array(z.object({ code: z.string(), value: z.union([z.number(), z.string()]).optional() })),
    }),
  ),
});

export const CreateDealBody = z.object({ offerId: Id, needId: Id, amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const DealStepBody = z.object({ version: Version, step: z.enum(['confirm', 'deliver', 'receive']), amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });
export const DealResponse = z.object({
  id: z.number().int(),
  offerId: z.number().int(),
  needId: z.number().int(),
  offerFirm: Firm,
  needFirm: Firm,
  item: z.string(),
  amount: z.number().int(),
  unit: UnitSchema,
  /** Commercial: only the two parties and alliance staff see it (null otherwise). */
  unitPriceFen: z.number().int().nullable(),
  status: z.string(),
  offerConfirmed: z.boolean(),
  needConfirmed: z.boolean(),
  deliveredAmount: z.number().int().nullable(),
  receivedAmount: z.number().int().nullable(),
  version: z.number().int(),
});
export const DealList = z.object({ items: z.array(DealResponse) });

export const CreateOrderBody = z.object({
  enterpriseId: Id,
  title: z.string().trim().min(2).max(120),
  item: z.string().trim().min(1).max(80),
  spec: z.string().trim().max(200).default(''),
  unit: UnitSchema,
  count: Count,
  needBy: isoDate.nullable().default(null),
  targetPriceFen: Fen.nullable().default(null),
  customer: z.string().trim().max(120).default(''),
});
export type CreateOrderBody = z.infer<typeof CreateOrderBody>;

export const QuoteResponse = z.object({
  id: z.number().int(),
  enterprise: Firm,
  count: z.number().int(),
  unitPriceFen: z.number().int(),
  deliveryDate: z.string(),
  note: z.string(),
  awardedCount: z.number().int().nullable(),
  deliveredCount: z.number().int(),
});

export const OrderResponse = z.object({
  id: z.number().int(),
  enterprise: Firm,
  title: z.string(),
  item: z.string(),
  spec: z.string(),
  unit: UnitSchema,
  count: z.number().int(),
  needBy: z.string().nullable(),
  status: z.string(),
  /** Whether the asker sees the commercial details (a party or alliance staff). */
  party: z.boolean(),
  /** Commercial details: null unless the asker is a party or alliance staff. */
  targetPriceFen: z.number().int().nullable(),
  customer: z.string().nullable(),
  /** Staff and the poster see every quote; a quoting firm its own; others none. */
  quotes: z.array(QuoteResponse),
  quoteCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export const OrderList = z.object({ items: z.array(OrderResponse) });

export const CreateQuoteBody = z.object({ enterpriseId: Id, count: Count, unitPriceFen: Fen, deliveryDate: isoDate, note: z.string().trim().max(1000).default('') });
export const SplitBody = z.object({ version: Version, lines: z.array(z.object({ quoteId: Id, count: z.number().int().min(0).max(INT32_MAX) })).min(1).max(100) });
export const SplitSuggestion = z.object({
  lines: z.array(z.object({ quoteId: z.number().int(), count: z.number().int(), costFen: z.number().int(), late: z.boolean() })),
  filled: z.number().int(),
  unfilled: z.number().int(),
  totalFen: z.number().int(),
});
export const OrderDeliveryBody = z.object({ quoteId: Id, count: Count });
export const OrderIdParam = z.object({ id: IdText });

/** Figures of the resource board and orders (an alliance's, or the city's); counts only, no commercial detail. */
export const MarketFigures = z.object({
  openOffers: z.number().int(),
  openNeeds: z.number().int(),
  /** Deals proposed, agreed by both sides (incl. delivered and received), and received. */
  deals: z.number().int(),
  dealsAgreed: z.number().int(),
  dealsReceived: z.number().int(),
  /** Orders posted, passed on (split among quoting members, incl. completed), completed; quotes given. */
  orders: z.number().int(),
  ordersPassedOn: z.number().int(),
  ordersCompleted: z.number().int(),
  quotes: z.number().int(),
});
export type MarketFigures = z.infer<typeof MarketFigures>;
