/**
 * The alliance's staff by name, with the city-wide experts: every feature's people picker (hand a
 * problem to, attendees, owners).
 */
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { StaffDirectory } from '@server/modules/users/users.schema';
import { api } from './api';
import { departmentName } from './departments';

export type Person = z.infer<typeof StaffDirectory>['items'][number];

export function useStaffDirectory(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => api<z.infer<typeof StaffDirectory>>('/users/directory'),
    enabled,
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

/**
 * A picker's label for a person: the name, marked when they are an expert (who comes from the
 * city-wide pool rather than the alliance), and their department when they have one.
 */
export function personLabel(t: TFunction, p: Person): string {
  const parts = [p.displayName];
  if (p.roles.includes('expert')) parts.push(t('common.roles.expert'));
  if (p.department) parts.push(departmentName(p.department));
  return parts.join(' · ');
}

/** Picker options for the directory's people. */
export function personOptions(t: TFunction, people: readonly Person[] | undefined): { value: number; label: string }[] {
  return (people ?? []).map((p) => ({ value: p.id, label: personLabel(t, p) }));
}
