/** People of the current alliance: list, create, rename / disable, reset a password. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateUserBody, ResetPasswordResponse, UpdateUserBody, UserPage, UserResponse } from '@server/modules/users/users.schema';
import { api } from '../../lib/api';

export type User = UserResponse;
export type Users = z.infer<typeof UserPage>;
export type CreateUser = z.input<typeof CreateUserBody>;
export type UpdateUser = z.input<typeof UpdateUserBody>;
export interface UserFilters {
  q?: string;
  role?: string;
  page?: number;
  pageSize?: number;
}

export const userKeys = { all: ['users'] as const, list: (f: UserFilters) => ['users', 'list', f] as const };

export function useUsers(f: UserFilters) {
  return useQuery({ queryKey: userKeys.list(f), queryFn: () => api<Users>('/users', { query: { ...f } }), placeholderData: keepPreviousData });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateUser; idempotencyKey: string }) => api<User>('/users', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateUser }) => api<User>(`/users/${id}`, { method: 'PATCH', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** Sets or clears a person's government department (version of the account). */
export function useSetDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ user, departmentId }: { user: Pick<User, 'id' | 'version'>; departmentId: number | null }) =>
      api<{ userId: number; version: number }>(`/users/${user.id}/department`, { method: 'PUT', body: { departmentId, version: user.version } }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: userKeys.all }), qc.invalidateQueries({ queryKey: ['departments'] })]),
  });
}

export type PasswordReset = ResetPasswordResponse;

/** A new random password for someone else; the answer holds it, shown once and never cached. */
export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: Pick<User, 'id' | 'version'>) => api<PasswordReset>(`/users/${u.id}/password-reset`, { method: 'POST', body: { version: u.version } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
