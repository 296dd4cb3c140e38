/** Request and response schemas of the member registry, one per endpoint. */
import { z } from 'zod';
import { validateCreditCode } from '../../domain/credit-code';
import { isDistrictCode } from '../../domain/districts';
import { isIndustrySection } from '../../domain/industries';
import { divisionInSection, OWNERSHIP_TYPES } from '../../domain/ownership';
import { Id, pageOf, Paging, sortOrder, Version } from '../../core/http/common-schema';

export const STAGES = ['stopped', 'partial', 'full'] as const;

/** The credit-code rule shared with the browser: same function, same codes. */
export const CreditCode = z.string().trim().toUpperCase().superRefine((value, ctx) => {
  const r = validateCreditCode(value);
  if (r.ok) return;
  const code = r.reason === 'length' ? 'credit_code_length' : r.reason === 'charset' ? 'credit_code_charset' : 'credit_code_check_digit';
  ctx.addIssue({ code: 'custom', message: code, params: { code, ...(r.expected ? { expected: r.expected } : {}) } });
});

export const Contact = z.object({
  name: z.string().trim().min(1).max(50),
  title: z.string().trim().max(50).default(''),
  phone: z.string().trim().regex(/^[0-9+\-\s()]{5,20}$/).or(z.literal('')).default(''),
  email: z.email().max(120).or(z.literal('')).default(''),
});

const Industry = z.string().refine(isIndustrySection, { message: 'invalid_industry', params: { code: 'invalid_industry' } });
const District = z.string().refine(isDistrictCode, { message: 'invalid_district', params: { code: 'invalid_district' } });
/** Two-digit GB/T 4754 division (大类); that it lies in the firm's section is checked with the section. */
export const IndustryDivision = z.string().trim().refine((v) => /^\d{2}$/.test(v), { message: 'invalid_industry_division', params: { code: 'invalid_industry_division' } });
export const Ownership = z.enum(OWNERSHIP_TYPES);

/** The division, when given, must lie in the firm's section (a body carrying both, or the stored section). */
export function divisionMismatch(industry: string | undefined, division: string | null | undefined): boolean {
  return !!division && !!industry && !divisionInSection(division, industry);
}

export const EnterpriseFields = z.object({
  name: z.string().trim().min(2).max(100),
  creditCode: CreditCode,
  industry: Industry,
  districtCode: District,
  headcount: z.number().int().min(0).max(1_000_000),
  mainProducts: z.string().trim().max(500).default(''),
  address: z.string().trim().max(200).default(''),
  /** Normal annual output value in fen (integer), the enterprise's weight in chain analysis. */
  annualOutputFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
  contacts: z.array(Contact).max(10).default([]),
  /** 规上: above designated size (statistics' threshold of annual main-business revenue). */
  aboveDesignatedSize: z.boolean().default(false),
  industryDivision: IndustryDivision.nullable().default(null),
  ownership: Ownership.nullable().default(null),
});

const divisionIssue = { code: 'custom' as const, path: ['industryDivision'], message: 'division_not_in_section', params: { code: 'division_not_in_section' } };

export const CreateEnterpriseBody = EnterpriseFields.superRefine((b, ctx) => {
  if (divisionMismatch(b.industry, b.industryDivision)) ctx.addIssue({ ...divisionIssue, input: b.industryDivision });
});
export type CreateEnterpriseBody = z.infer<typeof CreateEnterpriseBody>;

/**
 * Edits the firm's shared identity (the record every alliance of the firm sees): its own admin
 * or the platform admin only. Its own object of optional fields with no defaults: a field left
 * out stays as it is; `annualOutputFen: null` clears the output.
 */
export const UpdateEnterpriseBody = z.object({
  name: EnterpriseFields.shape.name.optional(),
  creditCode: CreditCode.optional(),
  industry: Industry.optional(),
  districtCode: District.optional(),
  headcount: EnterpriseFields.shape.headcount.optional(),
  mainProducts: EnterpriseFields.shape.mainProducts.unwrap().optional(),
  address: EnterpriseFields.shape.address.unwrap().optional(),
  annualOutputFen: EnterpriseFields.shape.annualOutputFen.unwrap().optional(),
  contacts: EnterpriseFields.shape.contacts.unwrap().optional(),
  aboveDesignatedSize: z.boolean().optional(),
  industryDivision: IndustryDivision.nullable().optional(),
  ownership: Ownership.nullable().optional(),
  version: Version,
});
export type UpdateEnterpriseBody = z.infer<typeof UpdateEnterpriseBody>;

/**
 * What one alliance keeps about its member, apart from the firm's shared identity: its notes
 * (the commissioner is assigned through its own route). `version` is the membership's.
 */
export const UpdateMembershipBody = z.object({
  notes: z.string().trim().max(2000).optional(),
  version: Version,
});
export type UpdateMembershipBody = z.infer<typeof UpdateMembershipBody>;

/** The current alliance's membership of the firm. */
export const MembershipInfo = z.object({
  joinedAt: z.string(),
  notes: z.string(),
  /** The firm lets this alliance see its reports from before the join. */
  shareHistory: z.boolean(),
  /** First report date this alliance sees; null = all (history shared, or it registered the firm). */
  reportsFrom: z.string().nullable(),
  /** This alliance registered the firm. */
  registeredHere: z.boolean(),
  version: z.number().int(),
});

export const TodayStatus = z.object({
  reportDate: z.string(),
  stage: z.enum(STAGES),
  outputPct: z.number(),
  capacityPct: z.number(),
  staffOnDuty: z.number().int(),
  staffTotal: z.number().int(),
  blockers: z.array(z.string()),
});

export const EnterpriseResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  creditCode: z.string(),
  industry: z.string(),
  districtCode: z.string(),
  headcount: z.number().int(),
  mainProducts: z.string(),
  address: z.string(),
  annualOutputFen: z.number().int().nullable(),
  contacts: z.array(Contact),
  aboveDesignatedSize: z.boolean(),
  industryDivision: z.string().nullable(),
  ownership: Ownership.nullable(),
  commissioner: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  membership: MembershipInfo,
  /** Latest report on or before today (Asia/Shanghai), null when never reported. */
  latest: TodayStatus.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type EnterpriseResponse = z.infer<typeof EnterpriseResponse>;

export const ENTERPRISE_SORTS = ['name', 'headcount', 'createdAt', 'districtCode', 'outputPct'] as const;

export const ListEnterprisesQuery = Paging.extend({
  q: z.string().trim().max(100).optional(),
  districtCode: z.string().max(6).optional(),
  industry: z.string().max(1).optional(),
  /** Two-digit division (大类). */
  industryDivision: z.string().max(2).optional(),
  /** 规上 only (true) or only the others (false). */
  aboveDesignatedSize: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ownership: Ownership.optional(),
  /** Stage in today's report; `none` = no report today. */
  stage: z.enum([...STAGES, 'none']).optional(),
  /** Only the commissioner's own caseload. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  sort: z.enum(ENTERPRISE_SORTS).default('name'),
  order: sortOrder,
});
export type ListEnterprisesQuery = z.infer<typeof ListEnterprisesQuery>;

export const EnterprisePage = pageOf(EnterpriseResponse);

export const ExportEnterprisesQuery = ListEnterprisesQuery.omit({ page: true, pageSize: true });

/** A client-chosen token naming one import's progress stream. */
export const ProgressToken = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const ImportProgressQuery = z.object({ token: ProgressToken }).strict();

export const ImportQuery = z.object({
  /** Validate only: report row errors and what would be imported, save nothing. */
  dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  /** A token the browser chose to follow this import's progress on `GET /enterprises/import/progress`. */
  progress: ProgressToken.optional(),
});

export const ImportRowError = z.object({ row: z.number().int(), path: z.string(), code: z.string(), message: z.string() });

export const ImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  /** Row errors, the first 1,000 of them. */
  errors: z.array(ImportRowError),
  /** How many rows have errors (all of them, also past the 1,000 listed). */
  errorRows: z.number().int(),
  preview: z.array(z.object({ row: z.number().int(), name: z.string(), creditCode: z.string() })),
});
export type ImportResponse = z.infer<typeof ImportResponse>;

/** Asks a firm already registered (by another alliance) to join the current alliance. */
export const JoinEnterpriseBody = z.object({ creditCode: CreditCode });

/** `version` is the membership's (`membership.version`): the assignment is the alliance's, not the firm's. */
export const AssignCommissionerBody = z.object({ userId: Id.nullable(), version: Version });
