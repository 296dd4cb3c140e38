/** The platform admin's department list: add, edit (version check), delete. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateDepartmentBody, DepartmentResponse, UpdateDepartmentBody } from '@server/modules/departments/departments.schema';
import { api } from '../../lib/api';
import { departmentKeys } from '../../lib/departments';

export type CreateDepartment = z.input<typeof CreateDepartmentBody>;
export type UpdateDepartment = z.input<typeof UpdateDepartmentBody>;

function useInvalidate() {
  const qc = useQueryClient();
  // People show their department: the directory and the users list change with it.
  return () => Promise.all([qc.invalidateQueries({ queryKey: departmentKeys.all }), qc.invalidateQueries({ queryKey: ['users'] })]);
}

export function useCreateDepartment() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateDepartment; idempotencyKey: string }) => api<DepartmentResponse>('/departments', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateDepartment() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateDepartment }) => api<DepartmentResponse>(`/departments/${id}`, { method: 'PATCH', body }),
    onSuccess: () => void invalidate(),
  });
}

export function useDeleteDepartment() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) => api<{ ok: true }>(`/departments/${id}`, { method: 'DELETE', query: { version } }),
    onSuccess: () => void invalidate(),
  });
}
