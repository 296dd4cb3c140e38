import type { TFunction } from 'i18next';
import { fieldMessage } from '../../lib/errors';
import { checkAttachment } from './api';

/**
 * The line to show under an upload for a file the server would refuse (type, size, empty),
 * checked before sending it; null when the file is fine.
 */
export function attachmentProblem(t: TFunction, file: { name: string; size: number }): string | null {
  const code = checkAttachment(file);
  return code === null ? null : `${file.name}: ${fieldMessage(t, { path: 'file', code })}`;
}
