import { z } from 'zod';
import { WORKING_GROUPS } from '../../core/auth/roles';
import { Version } from '../../core/http/common-schema';
import { isDistrictCode } from '../../domain/districts';
import { isIndustrySection } from '../../domain/industries';

const Name = z.string().trim().min(2).max(100);
/** The industry chain the alliance organises, e.g. 皮革产业链. */
const Chain = z.string().trim().min(1).max(100);
const Industry = z.string().refine(isIndustrySection, { message: 'invalid_industry', params: { code: 'invalid_industry' } });
const District = z.string().refine(isDistrictCode, { message: 'invalid_district', params: { code: 'invalid_district' } });
const Description = z.string().trim().max(2000);

export const AllianceFields = z.object({ name: Name, chain: Chain, industry: Industry, districtCode: District, description: Description.default('') });
export const CreateAllianceBody = AllianceFields;
/** Its own object of optional fields, no defaults: what the client leaves out stays as it is. */
export const UpdateAllianceBody = z.object({
  name: Name.optional(),
  chain: Chain.optional(),
  industry: Industry.optional(),
  districtCode: District.optional(),
  description: Description.optional(),
  version: Version,
});

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
