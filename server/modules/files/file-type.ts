/**
 * What a file really is, from its first bytes — never from its name. Accepted: PNG, JPEG, WebP
 * images, PDF, and the Office Open XML documents (.docx, .xlsx, .pptx), which are ZIP archives
 * recognised by the parts their central directory lists.
 */

export interface FileType {
  mime: string;
  /** Extensions a file of this type may carry. */
  extensions: readonly string[];
}

export const ALLOWED_TYPES = {
  png: { mime: 'image/png', extensions: ['png'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  webp: { mime: 'image/webp', extensions: ['webp'] },
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'] },
} as const satisfies Record<string, FileType>;

const startsWith = (buf: Buffer, bytes: readonly number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Names of the entries in a ZIP archive's central directory, or null when it is not a ZIP. */
export function zipEntryNames(buf: Buffer): string[] | null {
  if (!startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return null;
  // The end-of-central-directory record sits in the last 22 bytes + up to 65535 bytes of comment.
  const floor = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= floor; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > buf.length) return null;
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** The type of a file's content, or null when it is none of the accepted types. */
export function detectFileType(buf: Buffer): FileType | null {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ALLOWED_TYPES.png;
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return ALLOWED_TYPES.jpeg;
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return ALLOWED_TYPES.webp;
  if (startsWith(buf, ascii('%PDF-'))) return ALLOWED_TYPES.pdf;
  const entries = zipEntryNames(buf);
  if (entries && entries.includes('[Content_Types].xml')) {
    if (entries.includes('word/document.xml')) return ALLOWED_TYPES.docx;
    if (entries.includes('xl/workbook.xml')) return ALLOWED_TYPES.xlsx;
    if (entries.includes('ppt/presentation.xml')) return ALLOWED_TYPES.pptx;
  }
  return null;
}

/** The lower-case extension of a file name, or '' when it has none. */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}
