/**
 * Memberships by consent. The alliance's side: ask a registered firm to join, follow the
 * requests, keep notes on a member, remove it. The firm's side: answer requests, share the report
 * history with an alliance, leave one.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EnterpriseResponse } from '@server/modules/enterprises/enterprises.schema';
import type { FirmMemberships, MembershipRequestPage, MembershipRequestResponse, MyFirms } from '@server/modules/memberships/memberships.schema';
import { api } from '../../lib/api';
import { memberKey } from '../../lib/members';

export type JoinRequest = MembershipRequestResponse;
export type Member = EnterpriseResponse;
export type Memberships = FirmMemberships;
export type Firm = z.infer<typeof MyFirms>['items'][number];

const keys = {
  all: ['memberships'] as const,
  allianceRequests: ['memberships', 'alliance-requests'] as const,
  firmRequests: (status: string) => ['memberships', 'firm-requests', status] as const,
  firms: ['memberships', 'firms'] as const,
  firm: (id: number) => ['memberships', 'firm', id] as const,
};

/** This alliance's join requests, newest first. */
export function useAllianceRequests(enabled = true) {
  return useQuery({ queryKey: keys.allianceRequests, queryFn: () => api<z.infer<typeof MembershipRequestPage>>('/enterprises/join-requests', { query: { pageSize: 100 } }), enabled });
}

export function useRequestJoin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ creditCode, idempotencyKey }: { creditCode: string; idempotencyKey: string }) =>
      api<JoinRequest>('/enterprises/join', { method: 'POST', body: { creditCode }, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.allianceRequests }),
  });
}

/** Requests addressed to my firms (pending unless asked otherwise). */
export function useFirmRequests(status: 'pending' | 'accepted' | 'refused' = 'pending') {
  return useQuery({ queryKey: keys.firmRequests(status), queryFn: () => api<z.infer<typeof MembershipRequestPage>>('/firms/requests', { query: { status, pageSize: 100 } }) });
}

export function useAnswerRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: number; decision: 'accept' | 'refuse' }) => api<JoinRequest>(`/firms/requests/${id}/${decision}`, { method: 'POST' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.all });
      // Accepting adds an alliance the firm's accounts may switch to.
      void qc.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

/** Firms I answer for, with their open requests. */
export function useMyFirms() {
  return useQuery({ queryKey: keys.firms, queryFn: () => api<z.infer<typeof MyFirms>>('/firms') });
}

export function useFirmMemberships(enterpriseId: number | undefined) {
  return useQuery({ queryKey: keys.firm(enterpriseId ?? -1), queryFn: () => api<Memberships>(`/firms/${enterpriseId}/memberships`), enabled: enterpriseId !== undefined });
}

export function useShareHistory(enterpriseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ allianceId, shareHistory, version }: { allianceId: number; shareHistory: boolean; version: number }) =>
      api<Memberships>(`/firms/${enterpriseId}/memberships/${allianceId}`, { method: 'PATCH', body: { shareHistory, version } }),
    onSuccess: (m) => qc.setQueryData(keys.firm(enterpriseId), m),
  });
}

export function useLeaveAlliance(enterpriseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ allianceId, version }: { allianceId: number; version: number }) =>
      api<Memberships>(`/firms/${enterpriseId}/memberships/${allianceId}`, { method: 'DELETE', query: { version } }),
    onSuccess: (m) => {
      qc.setQueryData(keys.firm(enterpriseId), m);
      void qc.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

/** The alliance's notes on a member (its own record, not the firm's). */
export function useUpdateMembership(enterpriseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { notes: string; version: number }) => api<Member>(`/enterprises/${enterpriseId}/membership`, { method: 'PATCH', body }),
    onSuccess: (e) => qc.setQueryData(memberKey(e.id), e),
  });
}

export function useRemoveMember(enterpriseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => api<{ ok: true }>(`/enterprises/${enterpriseId}/membership`, { method: 'DELETE', query: { version } }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: memberKey(enterpriseId) });
      void qc.invalidateQueries({ queryKey: ['enterprises', 'list'] });
    },
  });
}
