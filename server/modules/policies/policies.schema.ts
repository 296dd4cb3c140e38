/** Schemas of the policy library and matching, one per endpoint. */
import { z } from 'zod';
import { Id, IdText, isoDate, pageOf, Paging, Version } from '../../core/http/common-schema';
import { Rules } from './policies.eligibility';
import { APPLICATION_STATUSES } from './policies.fulfilment';

export const BENEFIT_KINDS = ['subsidy', 'tax_relief', 'loan', 'rent_relief', 'other'] as const;
/** A real calendar day (2026-02-30 is refused), as everywhere in the API. */
const date = isoDate;

export const CreatePolicyBody = z
  .object({
    title: z.string().trim().min(2).max(200),
    /** The issuing department (人社局, 经信局…); null when not a department's. */
    departmentId: Id.nullable(),
    issuedOn: date,
    validFrom: date,
    validTo: date.nullable().default(null),
    summary: z.string().trim().max(2000).default(''),
    fullText: z.string().trim().max(100_000).default(''),
    benefitKind: z.enum(BENEFIT_KINDS),
    /** A fixed amount in fen, or null when the benefit is a formula (`benefitFormula`). */
    benefitAmountFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
    benefitFormula: z.string().trim().max(500).default(''),
    rules: Rules.default([]),
  })
  .superRefine((b, ctx) => {
    if (b.validTo !== null && b.validTo < b.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'ends_before_start', params: { code: 'ends_before_start' }, input: b.validTo });
  });
export type CreatePolicyBody = z.infer<typeof CreatePolicyBody>;

export const RuleOutcome = z.object({
  index: z.number().int(),
  kind: z.string(),
  ok: z.boolean(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

export const PolicyResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  department: z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() }).nullable(),
  issuedOn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  summary: z.string(),
  fullText: z.string(),
  benefitKind: z.enum(BENEFIT_KINDS),
  benefitAmountFen: z.number().int().nullable(),
  benefitFormula: z.string(),
  rules: Rules,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type PolicyResponse = z.infer<typeof PolicyResponse>;

export const PolicyListItem = PolicyResponse.omit({ fullText: true }).extend({
  /** Members of the alliance who meet every rule today. */
  eligibleCount: z.number().int(),
});

export const ListPoliciesQuery = Paging.extend({ q: z.string().trim().max(100).optional(), benefitKind: z.enum(BENEFIT_KINDS).optional() });
export type ListPoliciesQuery = z.infer<typeof ListPoliciesQuery>;
export const PolicyPage = pageOf(PolicyListItem);

export const MatchQuery = z.object({
  /** Also list the members that do not qualify, with what they lack. */
  all: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
});

export const PolicyMatches = z.object({
  policyId: z.number().int(),
  members: z.number().int(),
  eligible: z.number().int(),
  items: z.array(z.object({
    enterprise: z.object({ id: z.number().int(), name: z.string() }),
    eligible: z.boolean(),
    outcomes: z.array(RuleOutcome),
    missing: z.array(RuleOutcome),
  })),
});

export const EnterprisePolicies = z.object({
  enterpriseId: z.number().int(),
  items: z.array(z.object({
    policy: z.object({ id: z.number().int(), title: z.string(), benefitKind: z.enum(BENEFIT_KINDS), benefitAmountFen: z.number().int().nullable(), validTo: z.string().nullable() }),
    eligible: z.boolean(),
    outcomes: z.array(RuleOutcome),
    missing: z.array(RuleOutcome),
  })),
});

// ——— Fulfilment (政策兑现) ———

/** Money in fen, stored as bigint: bounded by what a JSON number holds exactly. */
const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Ref = z.object({ id: z.number().int(), name: z.string() });

export const CreateApplicationBody = z.object({
  policyId: Id,
  /** A member of the alliance. */
  enterpriseId: Id,
  requestedFen: fen,
  note: z.string().trim().max(2000).default(''),
});
export type CreateApplicationBody = z.infer<typeof CreateApplicationBody>;

export const TransitionApplicationBody = z
  .object({
    to: z.enum(['submitted', 'approved', 'rejected', 'disbursed']),
    version: Version,
    /** The amount approved (to `approved`) or paid (to `disbursed`, at most the amount approved). */
    amountFen: fen.optional(),
    /** Why it was rejected (required then), or a remark. */
    reason: z.string().trim().max(1000).optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.to === 'approved' || b.to === 'disbursed') && b.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'required', params: { code: 'required' }, input: b.amountFen });
    if (b.to === 'rejected' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required', params: { code: 'required' }, input: b.reason });
  });
export type TransitionApplicationBody = z.infer<typeof TransitionApplicationBody>;

export const ListApplicationsQuery = Paging.extend({
  policyId: IdText.optional(),
  enterpriseId: IdText.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
});
export type ListApplicationsQuery = z.infer<typeof ListApplicationsQuery>;

export const ApplicationResponse = z.object({
  id: z.number().int(),
  policy: z.object({ id: z.number().int(), title: z.string() }),
  enterprise: Ref,
  status: z.enum(APPLICATION_STATUSES),
  requestedFen: z.number().int(),
  approvedFen: z.number().int().nullable(),
  disbursedFen: z.number().int().nullable(),
  note: z.string(),
  decisionReason: z.string(),
  /** The last working day of the current stage (null once rejected or disbursed). */
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  /** The statuses it may move to next. */
  next: z.array(z.enum(APPLICATION_STATUSES)),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  disbursedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ApplicationResponse = z.infer<typeof ApplicationResponse>;
export const ApplicationPage = pageOf(ApplicationResponse);

const Totals = z.object({
  applications: z.number().int(),
  byStatus: z.object(Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof APPLICATION_STATUSES)[number], z.ZodNumber>),
  requestedFen: z.number().int(),
  /** Approved amounts of the applications approved or disbursed. */
  approvedFen: z.number().int(),
  disbursedFen: z.number().int(),
});
export type Totals = z.infer<typeof Totals>;

export const ApplicationTotals = z.object({
  alliance: Totals,
  byPolicy: z.array(Totals.extend({ policy: z.object({ id: z.number().int(), title: z.string() }) })),
  /** `department` null: the policies no department issued. */
  byDepartment: z.array(Totals.extend({ department: z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() }).nullable() })),
});

// ——— Co-research (政策共研) ———

export const AskQuestionBody = z.object({
  question: z.string().trim().min(2).max(2000),
  /** The firm asking, when the account speaks for several; otherwise its only firm. */
  enterpriseId: Id.optional(),
});
export type AskQuestionBody = z.infer<typeof AskQuestionBody>;

export const AnswerQuestionBody = z.object({
  answer: z.string().trim().min(1).max(5000),
  /** Published answers are shown to every member (without the asking firm's name). */
  publish: z.boolean(),
  version: Version,
});
export type AnswerQuestionBody = z.infer<typeof AnswerQuestionBody>;

export const QuestionResponse = z.object({
  id: z.number().int(),
  policyId: z.number().int(),
  /** The asking firm; null when shown to another firm. */
  enterprise: Ref.nullable(),
  /** Asked by (one of) the caller's own firms. */
  mine: z.boolean(),
  question: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  published: z.boolean(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type QuestionResponse = z.infer<typeof QuestionResponse>;
export const QuestionList = z.object({ items: z.array(QuestionResponse) });
