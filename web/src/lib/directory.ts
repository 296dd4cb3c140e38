/** The alliance's staff by name: every feature's people picker (hand a problem to, attendees, owners). */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { StaffDirectory } from '@server/modules/users/users.schema';
import { api } from './api';

export function useStaffDirectory(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => api<z.infer<typeof StaffDirectory>>('/users/directory'),
    enabled,
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}
