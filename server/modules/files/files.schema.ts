import { z } from 'zod';
import { FILE_VISIBILITIES } from './files.owners';

const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
/** Registered owner types (`ticket`, …); an unknown one answers 400 `unknown_owner_type`. */
const ownerType = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

export const FileOwnerQuery = z.object({ ownerType, ownerId: id });

export const UploadFileQuery = z.object({
  ownerType,
  ownerId: id,
  visibility: z.enum(FILE_VISIBILITIES).default('public'),
});

export const FileResponse = z.object({
  id: z.number().int(),
  ownerType: z.string(),
  ownerId: z.number().int(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  visibility: z.enum(FILE_VISIBILITIES),
  uploadedBy: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  /** Where to download it (same session). */
  url: z.string(),
  /** Whether the caller may delete it. */
  canDelete: z.boolean(),
});
export type FileResponse = z.infer<typeof FileResponse>;

export const FileList = z.object({ items: z.array(FileResponse) });
