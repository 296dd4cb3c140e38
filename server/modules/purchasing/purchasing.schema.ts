/** Schemas of group purchasing (红色团购), one per endpoint. Counts are whole units of the item's unit; money is integer fen. */
import { z } from 'zod';
import { Id, IdText, INT32_MAX, isoDate, Paging, pageOf, Version } from '../../core/http/common-schema';
import { UnitSchema } from '../../domain/units.schema';
import { ALLOCATION_RULES } from './purchasing.allocation';

export const CAMPAIGN_STATUSES = ['open', 'locked', 'ordered', 'completed'] as const;
const Count = z.number().int().min(0).max(INT32_MAX);
const Fen = z.number().int().min(0).max(INT32_MAX);
const Instant = z.iso.datetime({ offset: true });

export const Tier = z.object({ minCount: Count, unitPriceFen: Fen });

export const ItemInput = z.object({
  name: z.string().trim().min(1).max(80),
  spec: z.string().trim().max(200).default(''),
  unit: UnitSchema,
  /** Price by total quantity: first tier from 0, thresholds rising, prices not rising. */
  tiers: z.array(Tier).min(1).max(10),
  minTotalCount: Count.default(0),
  perFirmCap: Count.nullable().default(null),
  /** The supplier's stock: the pledges' total never passes it. */
  stockCount: Count.nullable().default(null),
  /** Units used per 100 people per day, for the suggested demand. */
  dailyUsePer100: Count.nullable().default(null),
});

export const CreateCampaignBody = z.object({
  title: z.string().trim().min(2).max(120),
  supplier: z.string().trim().min(1).max(120),
  description: z.string().trim().max(5000).default(''),
  allocationRule: z.enum(ALLOCATION_RULES),
  pledgeDeadline: Instant,
  targetCoverDays: z.number().int().min(1).max(365).default(14),
  priorityEnterpriseIds: z.array(Id).max(500).default([]),
  items: z.array(ItemInput).min(1).max(20),
});
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

export const ListCampaignsQuery = Paging.extend({ status: z.enum(CAMPAIGN_STATUSES).optional() });
export type ListCampaignsQuery = z.infer<typeof ListCampaignsQuery>;

const TierQuoteOut = z.object({
  index: z.number().int(),
  unitPriceFen: z.number().int(),
  next: z.object({ index: z.number().int(), unitPriceFen: z.number().int(), unitsToGo: z.number().int() }).nullable(),
});

export const ItemResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  spec: z.string(),
  unit: UnitSchema,
  tiers: z.array(Tier),
  minTotalCount: z.number().int(),
  perFirmCap: z.number().int().nullable(),
  stockCount: z.number().int().nullable(),
  dailyUsePer100: z.number().int().nullable(),
  availableCount: z.number().int().nullable(),
  pledgedCount: z.number().int(),
  allocatedCount: z.number().int().nullable(),
  deliveredCount: z.number().int(),
  receivedCount: z.number().int(),
  /** Tier at the current total (pledged while open, allocated after lock). */
  tier: TierQuoteOut,
  minimumReached: z.boolean(),
  /** The price fixed by the supplier order (null before). */
  unitPriceFen: z.number().int().nullable(),
});

export const PledgeLine = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  count: z.number().int(),
  allocatedCount: z.number().int().nullable(),
  receivedCount: z.number().int(),
  /** At the current tier (the fixed price once ordered), of the allocation once locked. */
  expectedCostFen: z.number().int(),
  version: z.number().int(),
});

export const CampaignResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  supplier: z.string(),
  description: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  allocationRule: z.enum(ALLOCATION_RULES),
  pledgeDeadline: z.string(),
  /** Open and before the deadline. */
  pledgeOpen: z.boolean(),
  targetCoverDays: z.number().int(),
  priorityEnterpriseIds: z.array(z.number().int()),
  items: z.array(ItemResponse),
  firmCount: z.number().int(),
  totalFen: z.number().int(),
  /** The asking firm's own lines (firm accounts), or empty. */
  mine: z.array(PledgeLine),
  lockedAt: z.string().nullable(),
  orderedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type CampaignResponse = z.infer<typeof CampaignResponse>;

export const CampaignSummary = CampaignResponse.omit({ items: true, mine: true, description: true, priorityEnterpriseIds: true }).extend({ itemCount: z.number().int() });
export const CampaignPage = pageOf(CampaignSummary);

export const PledgeBody = z.object({
  enterpriseId: Id,
  itemId: Id,
  /** Whole units of the item's unit; 0 withdraws the pledge. */
  count: Count,
});
export type PledgeBody = z.infer<typeof PledgeBody>;

export const PledgeResponse = z.object({ line: PledgeLine.nullable(), item: ItemResponse });

export const PledgesQuery = z.object({ enterpriseId: IdText.optional() });
export const PledgeList = z.object({ items: z.array(PledgeLine) });

export const Suggestion = z.object({
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  itemId: z.number().int(),
  headcount: z.number().int(),
  /** Days of prevention supplies the firm last reported (null: never reported). */
  preventionCoverDays: z.number().int().nullable(),
  suggestedCount: z.number().int(),
});
export const SuggestionList = z.object({ items: z.array(Suggestion) });

export const LockBody = z.object({
  version: Version,
  /** What the supplier confirmed it can deliver per item (default: its stock, or everything pledged). */
  available: z.array(z.object({ itemId: Id, count: Count })).max(20).default([]),
});
export const VersionBody = z.object({ version: Version });

export const DeliveryBody = z.object({
  itemId: Id,
  /** null: the supplier's delivery to the alliance; a firm: handed to and received by it. */
  enterpriseId: Id.nullable().default(null),
  count: z.number().int().min(1).max(INT32_MAX),
  deliveredOn: isoDate,
  note: z.string().trim().max(500).default(''),
});
export type DeliveryBody = z.infer<typeof DeliveryBody>;

export const DeliveryResponse = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  enterpriseId: z.number().int().nullable(),
  count: z.number().int(),
  deliveredOn: z.string(),
  note: z.string(),
  createdAt: z.string(),
});
export const DeliveryList = z.object({ items: z.array(DeliveryResponse) });

export const SettlementQuery = z.object({ enterpriseId: IdText });
export const TotalsResponse = z.object({
  campaigns: z.number().int(),
  openCampaigns: z.number().int(),
  firms: z.number().int(),
  /** Money of the ordered campaigns' allocations. */
  orderedFen: z.number().int(),
  /** Per item name and unit: units pledged, allocated, received. */
  items: z.array(z.object({ name: z.string(), unit: UnitSchema, pledgedCount: z.number().int(), allocatedCount: z.number().int(), receivedCount: z.number().int() })),
});


/** Figures of group purchasing (an alliance's, or the city's). */
export const PurchasingFigures = z.object({
  campaigns: z.number().int(),
  /** Campaigns still taking pledges (open, before the deadline). */
  openCampaigns: z.number().int(),
  /** Firms that pledged (the city: counted once however many alliances). */
  firms: z.number().int(),
  /** Whole units per unit of measure: pledged, allocated (locked campaigns), received by firms. */
  units: z.array(z.object({ unit: UnitSchema, pledgedCount: z.number().int(), allocatedCount: z.number().int(), receivedCount: z.number().int() })),
  /** Expected cost of every campaign: pledges at the current tier while open, allocations at the tier (or the ordered price) once locked. */
  committedFen: z.number().int(),
  /** Money of the ordered campaigns' allocations at the ordered price. */
  orderedFen: z.number().int(),
});
export type PurchasingFigures = z.infer<typeof PurchasingFigures>;
