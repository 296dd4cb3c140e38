/**
 * The bytes of the file store: what an upload really is (magic bytes — see `file-type.ts` —
 * never its name; a name whose extension contradicts the content is refused), its sha256, and
 * where its content lives: once per content under `<dataDir>/files/<aa>/<sha256>`, written
 * atomically. Rows copied from the former ticket attachments keep their `attachments/…` path.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../../core/errors';
import { detectFileType, extensionOf } from './file-type';

/** The largest file (the multipart limit of the app, `MAX_UPLOAD_BYTES`, is the same). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface Upload {
  data: Buffer;
  filename: string;
}

export interface Inspected {
  mime: string;
  sha256: string;
  /** The name to show: no path, no control characters, at most 200 characters. */
  name: string;
}

/** Checks an upload and names its content; throws 413/415/400 with field errors on `file`. */
export function inspectUpload(file: Upload): Inspected {
  if (file.data.length > MAX_FILE_BYTES) throw new AppError('payload_too_large', {}, [{ path: 'file', code: 'payload_too_large' }]);
  if (file.data.length === 0) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'file_empty' }]);
  const type = detectFileType(file.data);
  if (!type) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'file_type_not_allowed' }]);
  const ext = extensionOf(file.filename);
  if (ext && !type.extensions.includes(ext)) throw new AppError('unsupported_media_type', {}, [{ path: 'file', code: 'file_type_mismatch', params: { detected: type.extensions[0] } }]);
  const name = (file.filename.split(/[\\/]/).pop() ?? '').replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 200) || `file.${type.extensions[0]}`;
  return { mime: type.mime, sha256: createHash('sha256').update(file.data).digest('hex'), name };
}

/** Writes the content once (temp file, then rename); returns its path relative to `dataDir`. */
export async function storeContent(dataDir: string, sha256: string, data: Buffer): Promise<string> {
  const rel = join('files', sha256.slice(0, 2), sha256);
  const abs = join(dataDir, rel);
  const exists = await stat(abs).then((s) => s.size === data.length, () => false);
  if (!exists) {
    await mkdir(dirname(abs), { recursive: true });
    const tmp = `${abs}.${randomUUID()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, abs);
  }
  return rel;
}

/** A stream of stored content, or null when it is missing (or the path would leave `dataDir`). */
export async function openContent(dataDir: string, storagePath: string): Promise<ReadStream | null> {
  const root = resolve(dataDir);
  const abs = resolve(root, storagePath);
  if (!abs.startsWith(root + sep)) return null;
  if (!(await stat(abs).then((s) => s.isFile(), () => false))) return null;
  return createReadStream(abs);
}

/** `Content-Disposition` for a download: images inline, everything else as a file, UTF-8 names. */
export function contentDisposition(name: string, mime: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${mime.startsWith('image/') ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
