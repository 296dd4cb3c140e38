/**
 * Who may see a file is decided by what it belongs to. Each module that keeps files registers
 * its owner type once (tickets now; experts, policies, market listings later) with a rule that
 * loads the owner *as the actor may see it*: an owner the actor may not see answers null, and
 * its files then answer 404 exactly like files that do not exist.
 */
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';

export const FILE_VISIBILITIES = ['public', 'internal'] as const;
export type FileVisibility = (typeof FILE_VISIBILITIES)[number];

/** What the actor may do with the files of one owner they can see. */
export interface FileOwnerAccess {
  /** The owner's tenant (null for city-wide owners). */
  allianceId: number | null;
  /** Sees the owner's internal files too (ticket handlers). */
  seesInternal: boolean;
  /** May add files to it. */
  mayAttach: boolean;
  /** May delete any of its files (everyone may delete their own uploads while they may attach). */
  manages: boolean;
}

/** A file as the owner hooks see it. */
export interface OwnedFile {
  id: number;
  ownerId: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  visibility: FileVisibility;
}

export interface FileOwner {
  /** The `owner_type` of its files: lower-case, stable (it is stored). */
  readonly type: string;
  /** The owner as `ctx` may see it, or null when it does not exist or is not theirs to see. */
  access(db: Executor, ctx: Ctx, ownerId: number): Promise<FileOwnerAccess | null>;
  /**
   * Runs in the upload's transaction once the row is written: the owner's own bookkeeping (a
   * timeline entry), or a refusal (throw) when it takes no files now — the upload then leaves
   * no row.
   */
  attached?(trx: Trx, deps: Deps, ctx: Ctx, file: OwnedFile): Promise<void>;
  /**
   * The one audit row of an upload, when the owner wants it on its own record (a ticket's
   * `ticket.attach`); otherwise the store records `file.upload` on the file.
   */
  uploadAudit?(file: OwnedFile): { action: string; targetType: string; targetId: number; detail: Record<string, unknown> };
  /** Runs in the deletion's transaction. */
  deleted?(trx: Trx, deps: Deps, ctx: Ctx, file: OwnedFile): Promise<void>;
}

const owners = new Map<string, FileOwner>();

/** Registers an owner type; registering the same definition again is a no-op. */
export function registerFileOwner(owner: FileOwner): void {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(owner.type)) throw new Error(`file owner type "${owner.type}" must be lower-case letters, digits and _`);
  const known = owners.get(owner.type);
  if (known && known !== owner) throw new Error(`file owner type "${owner.type}" is already registered`);
  owners.set(owner.type, owner);
}

export function fileOwner(type: string): FileOwner | undefined {
  return owners.get(type);
}

export function fileOwnerTypes(): string[] {
  return [...owners.keys()].sort();
}
