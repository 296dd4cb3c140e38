/**
 * The signed-in person, as the server describes them (GET /api/session). Shared by the app shell
 * and every feature: menus and buttons follow `permissions`, never hard-coded role lists.
 */
import type { Action } from '@server/core/auth/policy';
import type { SessionResponse, SessionStateResponse } from '@server/modules/auth/auth.schema';
import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export type Session = SessionResponse;
export const sessionKey = ['session'] as const;

/** The signed-in person, or null: asked of `/session/state`, which answers 200 when signed out too. */
export async function fetchSession(): Promise<Session | null> {
  return (await api<SessionStateResponse>('/session/state')).session;
}

export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });
}

/** The session inside the signed-in shell (which renders only once it exists). */
export function useSession(): Session {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useSession outside the signed-in shell');
  return data;
}

export function can(session: Session, action: Action): boolean {
  return session.permissions.includes(action);
}

export function hasRole(session: Session, ...roles: Session['roles'][number][]): boolean {
  return roles.some((r) => session.roles.includes(r));
}

/**
 * Mirrors the server's rule for editing a firm's shared identity (the server still decides): the
 * platform admin, or the firm's own admin — never an alliance's staff.
 */
export function canEditEnterprise(session: Session, enterpriseId: number): boolean {
  if (!can(session, 'enterprise.update')) return false;
  if (hasRole(session, 'platform_admin')) return true;
  return session.enterpriseIds.includes(enterpriseId) && session.grants.some((g) => g.role === 'enterprise_admin' && g.enterpriseId === enterpriseId);
}

/** Mirrors the server's rule for the alliance's own notes on a member. */
export function canEditMembership(session: Session, enterpriseId: number): boolean {
  if (!can(session, 'membership.update')) return false;
  return hasRole(session, 'platform_admin', 'secretary') || session.caseload.includes(enterpriseId);
}

/** Enterprises the person files reports for: their own, or a commissioner's caseload. */
export function reportableEnterprises(session: Session): number[] {
  if (!can(session, 'report.submit')) return [];
  return [...new Set([...session.enterpriseIds, ...session.caseload])];
}

export function currentAllianceName(session: Session): string {
  return session.alliances.find((a) => a.id === session.allianceId)?.name ?? '';
}
