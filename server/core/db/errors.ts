/** Recognises constraint violations from either driver, so services can map them to codes. */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Name of the violated constraint or column list, when the driver reports one. */
export function violatedConstraint(err: unknown): string {
  if (!err || typeof err !== 'object') return '';
  const e = err as { constraint?: string; message?: string };
  return e.constraint ?? e.message ?? '';
}
