/** Page state kept in the query string, so reloads, links and back/forward keep it. */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

type Value = string | number | boolean | undefined;

export function useUrlState<T extends Record<string, Value>>(parse: (sp: URLSearchParams) => T): [T, (patch: Partial<T>) => void] {
  const [sp, setSp] = useSearchParams();
  const state = useMemo(() => parse(sp), [sp]); // eslint-disable-line react-hooks/exhaustive-deps
  const update = useCallback(
    (patch: Partial<T>) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '' || v === false) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: false },
      );
    },
    [setSp],
  );
  return [state, update];
}

export const str = (sp: URLSearchParams, k: string) => sp.get(k) || undefined;
export const int = (sp: URLSearchParams, k: string) => {
  const n = Number(sp.get(k));
  return Number.isInteger(n) && n > 0 ? n : undefined;
};
export function oneOf<T extends string>(sp: URLSearchParams, k: string, values: readonly T[]): T | undefined {
  const v = sp.get(k);
  return values.includes(v as T) ? (v as T) : undefined;
}
