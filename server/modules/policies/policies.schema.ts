/** Schemas of the policy library and matching, one per endpoint. */
import { z } from 'zod';
import { Id, isoDate, pageOf, Paging } from '../../core/http/common-schema';
import { Rules } from './policies.eligibility';

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

export const ListPoliciesQuery = Paging.extend({ q: z.string().trim().max(100).optional() });
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
