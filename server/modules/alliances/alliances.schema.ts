import { z } from 'zod';
import { WORKING_GROUPS } from '../../core/auth/roles';
import { Version } from '../../core/http/common-schema';
import { isDistrictCode } from '../../domain/districts';
import { isIndustrySection } from '../../domain/industries';

export const AllianceFields = z.object({
  name: z.string().trim().min(2).max(100),
  /** The industry chain the alliance organises, e.g. 皮革产业链. */
  chain: z.string().trim().min(1).max(100),
  industry: z.string().refine(isIndustrySection, { message: 'invalid_industry', params: { code: 'invalid_industry' } }),
  districtCode: z.string().refine(isDistrictCode, { message: 'invalid_district', params: { code: 'invalid_district' } }),
  description: z.string().trim().max(2000).default(''),
});
export const CreateAllianceBody = AllianceFields;
export const UpdateAllianceBody = AllianceFields.partial().extend({ version: Version });

export const WorkingGroupResponse = z.object({
  id: z.number().int(),
  kind: z.enum(WORKING_GROUPS),
  name: z.string(),
  lead: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
});

export const AllianceResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  chain: z.string(),
  industry: z.string(),
  districtCode: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  secretaries: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
  workingGroups: z.array(WorkingGroupResponse),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AllianceResponse = z.infer<typeof AllianceResponse>;
export const AllianceList = z.object({ items: z.array(AllianceResponse) });
