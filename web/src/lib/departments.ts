/** The city's government departments (人社局, 经信局…): shared by the pickers and the admin page. */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DepartmentList, DepartmentRef } from '@server/modules/departments/departments.schema';
import { api } from './api';
import { currentLocale } from './i18n';

export type Department = z.infer<typeof DepartmentList>['items'][number];

export const departmentKeys = { all: ['departments'] as const };

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: departmentKeys.all,
    queryFn: () => api<z.infer<typeof DepartmentList>>('/departments'),
    enabled,
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

/** The department's name in the UI language (the Chinese name when no English one is kept). */
export function departmentName(d: Pick<DepartmentRef, 'name' | 'nameEn'>): string {
  return currentLocale() === 'en-US' && d.nameEn ? d.nameEn : d.name;
}
