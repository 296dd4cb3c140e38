/** Schemas of the supply-chain map and chain-break analysis, one per endpoint. */
import { z } from 'zod';
import { PRIORITIES } from '../tickets/sla';
import { TICKET_CATEGORIES } from '../tickets/tickets.schema';
import { Id, IdText, INT32_MAX, intText, pageOf, Paging, Version } from '../../core/http/common-schema';
import { isDistrictCode } from '../../domain/districts';

export const LINK_STATUSES = ['pending', 'confirmed'] as const;

const sharePct = z.number().min(0).max(100).refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, { message: 'at_most_two_decimals', params: { code: 'at_most_two_decimals' } });

export const ItemResponse = z.object({ id: z.number().int(), name: z.string() });
export const ItemList = z.object({ items: z.array(ItemResponse) });
/**
 * Members of the alliance by name, for choosing a counterparty when declaring a link: search as
 * you type (`q`, at most `limit` names), and the chosen values by id (`ids`, comma-separated).
 */
export const MembersQuery = z.object({
  q: z.string().trim().max(60).optional(),
  ids: z
    .string()
    .regex(/^[1-9]\d{0,9}(,[1-9]\d{0,9}){0,99}$/, { message: 'invalid_ids' })
    .transform((s) => s.split(',').map(Number))
    .refine((ids) => ids.every((id) => id <= INT32_MAX), { message: 'invalid_ids' })
    .optional(),
  limit: intText(1, 100).default(20),
});
export const MemberList = z.object({
  items: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /** More members match than `limit`: refine the search. */
  more: z.boolean(),
});
export const CreateItemBody = z.object({ name: z.string().trim().min(1).max(60) });

export const DeclareLinkBody = z.object({
  supplierId: Id,
  customerId: Id,
  itemId: Id,
  /** Share of the customer's need of the item this supplier covers, 0–100 %. */
  sharePct,
  /**
   * Whether the customer cannot produce without the item (a new need defaults to yes). A
   * customer's fact: only the customer side or alliance staff may send it.
   */
  essential: z.boolean().optional(),
  leadDays: z.number().int().min(1).max(365),
  /** The customer's stock of the item, in days of cover (a customer's fact, like `essential`). */
  stockDays: z.number().min(0).max(3650).optional(),
});
export type DeclareLinkBody = z.infer<typeof DeclareLinkBody>;

export const UpdateLinkBody = z.object({
  sharePct: sharePct.optional(),
  essential: z.boolean().optional(),
  leadDays: z.number().int().min(1).max(365).optional(),
  stockDays: z.number().min(0).max(3650).optional(),
  version: Version,
});
export type UpdateLinkBody = z.infer<typeof UpdateLinkBody>;

export const VersionBody = z.object({ version: Version });

export const LinkResponse = z.object({
  id: z.number().int(),
  supplier: z.object({ id: z.number().int(), name: z.string() }),
  customer: z.object({ id: z.number().int(), name: z.string() }),
  item: ItemResponse,
  sharePct: z.number(),
  essential: z.boolean(),
  leadDays: z.number().int(),
  /** The customer's stock of the item (days); null when the viewer is the supplier. */
  stockDays: z.number().nullable(),
  status: z.enum(LINK_STATUSES),
  declaredBy: z.enum(['supplier', 'customer', 'alliance']),
  /** Whether the viewer may confirm this link now. */
  canConfirm: z.boolean(),
  confirmedAt: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type LinkResponse = z.infer<typeof LinkResponse>;

export const ListLinksQuery = Paging.extend({
  enterpriseId: IdText.optional(),
  itemId: IdText.optional(),
  status: z.enum(LINK_STATUSES).optional(),
  pageSize: intText(1, 1000).default(50),
});
export const LinkPage = pageOf(LinkResponse);

const DistrictCode = z.string().refine(isDistrictCode, { message: 'invalid_district', params: { code: 'invalid_district' } });

/** One change of a what-if scenario, in the alliance's own ids. */
export const ScenarioChange = z.discriminatedUnion('type', [
  z.object({ type: z.literal('capacity'), enterpriseId: Id, capacityPct: z.number().min(0).max(100), fromDay: z.number().int().min(0).max(365).optional(), toDay: z.number().int().min(0).max(365).optional() }),
  z.object({ type: z.literal('removeLink'), linkId: Id }),
  z.object({ type: z.literal('addLink'), supplierId: Id, customerId: Id, itemId: Id, sharePct, leadDays: z.number().int().min(1).max(365), essential: z.boolean().default(true) }),
  z.object({ type: z.literal('addStock'), enterpriseId: Id, itemId: Id, days: z.number().min(0).max(3650) }),
  /** Every member of the district at most at capacityPct on days fromDay..toDay (default: every day). */
  z.object({ type: z.literal('districtLockdown'), districtCode: DistrictCode, capacityPct: z.number().min(0).max(100), fromDay: z.number().int().min(0).max(365).optional(), toDay: z.number().int().min(0).max(365).optional() }),
  /** Every link whose supplier or customer lies in the district takes `days` more days. */
  z.object({ type: z.literal('logisticsDelay'), districtCode: DistrictCode, days: z.number().int().min(1).max(365) }),
]);
export type ScenarioChange = z.infer<typeof ScenarioChange>;

export const ScenarioBody = z.object({ name: z.string().trim().min(1).max(100), changes: z.array(ScenarioChange).max(200) });
export const UpdateScenarioBody = z.object({ name: ScenarioBody.shape.name.optional(), changes: ScenarioBody.shape.changes.optional(), version: Version });
export const ScenarioResponse = z.object({ id: z.number().int(), name: z.string(), changes: z.array(ScenarioChange), createdAt: z.string(), updatedAt: z.string(), version: z.number().int() });
export const ScenarioList = z.object({ items: z.array(ScenarioResponse) });

export const AnalysisBody = z.object({
  mode: z.enum(['dynamic', 'static']).default('dynamic'),
  horizon: z.number().int().min(1).max(120).default(30),
  theta: z.number().gt(0).max(1).default(0.5),
  /** Compare this saved scenario with the baseline. */
  scenarioId: Id.optional(),
  /** Count links still waiting for confirmation. */
  includePending: z.boolean().default(false),
});
export type AnalysisBody = z.infer<typeof AnalysisBody>;

const FirmRef = z.object({ id: z.number().int(), name: z.string() });

export const AnalysisFirm = z.object({
  id: z.number().int(),
  name: z.string(),
  headcount: z.number().int(),
  /** Tier from raw materials (0) to finished goods, by the longest supply path. */
  tier: z.number().int(),
  weight: z.number(),
  capacity: z.number(),
  actual: z.number(),
  /** Output per day (static: one value), 0–1 of normal. */
  x: z.array(z.number()),
  breakDay: z.number().int().nullable(),
  cause: z
    .object({
      item: z.string(),
      path: z.array(FirmRef),
      /** The root firm's own reason: its latest report's date, stage and blockers (null: never reported). */
      rootReason: z.object({ date: z.string(), stage: z.string(), blockers: z.array(z.object({ category: z.string(), note: z.string() })) }).nullable().optional(),
    })
    .nullable(),
  /** Stocks of inputs the forecast used (days of full need): the need's own figure, or the report's material days of cover. */
  stocks: z.array(z.object({ itemId: z.number().int(), item: z.string(), days: z.number(), source: z.enum(['need', 'report']) })).optional(),
  /** Scenario only: break day in the scenario, and Σ x difference. */
  scenarioBreakDay: z.number().int().nullable().optional(),
  scenarioDelta: z.number().optional(),
});

export const AnalysisResult = z.object({
  mode: z.enum(['dynamic', 'static']),
  horizon: z.number().int(),
  theta: z.number(),
  weightUnit: z.enum(['output', 'headcount']),
  firms: z.array(AnalysisFirm),
  links: z.array(z.object({ id: z.number().int(), supplierId: z.number().int(), customerId: z.number().int(), itemId: z.number().int(), item: z.string(), sharePct: z.number(), essential: z.boolean(), leadDays: z.number().int(), status: z.enum(LINK_STATUSES) })),
  Y: z.array(z.number()),
  /** Y if every firm ran at full normal output (for percentages). */
  yFull: z.number(),
  critical: z.array(z.object({ firm: FirmRef, loss: z.number(), broken: z.array(FirmRef), brokenHeadcount: z.number().int() })),
  priority: z.array(z.object({ firm: FirmRef, gain: z.number(), cumulativeY: z.number(), restored: z.array(FirmRef), restoredHeadcount: z.number().int() })),
  scenario: z.object({ id: z.number().int(), name: z.string(), yAfter: z.array(z.number()), deltaTotal: z.number() }).nullable(),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

/** queued (waiting for its worker thread) and running are still going; the others are final. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;

export const AnalysisJob = z.object({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.object({ phase: z.string(), done: z.number().int(), total: z.number().int() }),
  /** Set when `status` is done. */
  result: AnalysisResult.nullable(),
  /** Why it failed or was cancelled, a stable code: analysis_failed, analysis_interrupted. */
  error: z.string().nullable(),
  /** Technical detail of the failure (the engine's or the worker's message), not for end users. */
  errorDetail: z.string().nullable(),
});
export type AnalysisJob = z.infer<typeof AnalysisJob>;
export const JobParams = z.object({ id: z.string().uuid() });

/** Links import: `dryRun=true` validates only. */
export const LinkImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
});

export const LinkImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  /** One per row and column (row 1 = the header / the file as a whole). */
  errors: z.array(z.object({ row: z.number().int(), path: z.string(), code: z.string(), message: z.string() })),
  /** Item names not in the alliance's list yet; a real import adds them. */
  newItems: z.array(z.string()),
  preview: z.array(z.object({ row: z.number().int(), supplier: z.string(), customer: z.string(), item: z.string(), sharePct: z.number() })),
});
export type LinkImportResponse = z.infer<typeof LinkImportResponse>;

export const LinkExportQuery = ListLinksQuery.pick({ enterpriseId: true, itemId: true, status: true });

/**
 * One action from an analysis to a problem: from a forecast break (`break`: `firmId` is the
 * broken firm, the problem goes to its cause path's root firm) or a help-priority row
 * (`priority`: `firmId` is the firm to help). Files a new problem, or with `ticketId` attaches
 * the analysis to an open problem the root firm already has.
 */
export const FileProblemBody = z.object({
  analysisId: z.string().uuid(),
  from: z.enum(['break', 'priority']),
  firmId: Id,
  ticketId: Id.optional(),
  category: z.enum(TICKET_CATEGORIES).optional(),
  priority: z.enum(PRIORITIES).default('high'),
  title: z.string().trim().min(2).max(120).optional(),
  note: z.string().trim().max(2000).default(''),
});
export type FileProblemBody = z.infer<typeof FileProblemBody>;
export const FileProblemResponse = z.object({ ticketId: z.number().int(), enterpriseId: z.number().int(), attached: z.boolean() });
