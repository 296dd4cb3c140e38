/** Schemas of the city's government departments and a person's affiliation, one per endpoint. */
import { z } from 'zod';
import { Version, VersionText } from '../../core/http/common-schema';

const code = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/);
const name = z.string().trim().min(2).max(60);
const nameEn = z.string().trim().max(120);
const sortOrder = z.number().int().min(0).max(10_000);

export const CreateDepartmentBody = z.object({
  /** Short stable code (`hrss`, `commerce`…): lower-case letters, digits, `_`. */
  code,
  name,
  nameEn: nameEn.default(''),
  sortOrder: sortOrder.default(0),
});
export type CreateDepartmentBody = z.infer<typeof CreateDepartmentBody>;

/** Omitted fields stay as they are. */
export const UpdateDepartmentBody = z.object({
  code: code.optional(),
  name: name.optional(),
  nameEn: nameEn.optional(),
  sortOrder: sortOrder.optional(),
  version: Version,
});
export type UpdateDepartmentBody = z.infer<typeof UpdateDepartmentBody>;

export const DeleteDepartmentQuery = z.object({ version: VersionText });

export const DepartmentRef = z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameEn: z.string() });
export type DepartmentRef = z.infer<typeof DepartmentRef>;

export const DepartmentResponse = DepartmentRef.extend({
  sortOrder: z.number().int(),
  /** People affiliated with it (across the city). */
  memberCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DepartmentResponse = z.infer<typeof DepartmentResponse>;

export const DepartmentList = z.object({ items: z.array(DepartmentResponse) });

export const PutAffiliationBody = z.object({
  /** The department, or null for none. */
  departmentId: z.number().int().positive().max(2 ** 31 - 1).nullable(),
  /** The person's account version (as in PATCH /users/:id). */
  version: Version,
});

export const AffiliationResponse = z.object({ userId: z.number().int(), department: DepartmentRef.nullable(), version: z.number().int() });
export const OkResponse = z.object({ ok: z.literal(true) });
