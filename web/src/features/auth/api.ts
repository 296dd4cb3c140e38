/** Signing in and out, switching alliance, changing password. The session itself: lib/session. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChangePasswordBody, LoginBody } from '@server/modules/auth/auth.schema';
import { api } from '../../lib/api';
import { sessionKey, type Session } from '../../lib/session';

type Login = z.infer<typeof LoginBody>;
type ChangePassword = z.infer<typeof ChangePasswordBody>;

export const login = (body: Login) => api<Session>('/session', { method: 'POST', body });
export const logout = () => api<{ ok: true }>('/session', { method: 'DELETE' });
export const switchAlliance = (allianceId: number) => api<Session>('/session/alliance', { method: 'PUT', body: { allianceId } });
export const changePassword = (body: ChangePassword) => api<{ ok: true }>('/session/password', { method: 'PUT', body });

/** Forget everything cached for the previous person or alliance, keep the given session. */
function resetData(qc: ReturnType<typeof useQueryClient>, session: Session | null) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
  qc.setQueryData(sessionKey, session);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: login, onSuccess: (s) => resetData(qc, s) });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: logout, onSettled: () => resetData(qc, null) });
}

export function useSwitchAlliance() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: switchAlliance, onSuccess: (s) => resetData(qc, s) });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
