/** The risk register (风险防控化解): list, heat map, overdue reviews, create / edit / delete. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AcceptProposalBody, CreateRiskBody, HeatmapResponse, ProposalsResponse, RiskList, RiskPage, RiskResponse, UpdateRiskBody } from '@server/modules/risks/risks.schema';
import { api } from '../../lib/api';

export type Risk = RiskResponse;
export type Risks = z.infer<typeof RiskPage>;
export type Heatmap = z.infer<typeof HeatmapResponse>;
export type CreateRisk = z.input<typeof CreateRiskBody>;
export type UpdateRisk = z.input<typeof UpdateRiskBody>;
export type Proposals = z.infer<typeof ProposalsResponse>;
export type Proposal = Proposals['items'][number];
export type AcceptProposal = z.input<typeof AcceptProposalBody>;
export { RISK_CATEGORIES, RISK_LEVELS, RISK_STATUSES, RISK_SORTS } from '@server/modules/risks/risks.schema';

export interface RiskFilters {
  status?: Risk['status'];
  active?: boolean;
  category?: Risk['category'];
  level?: Risk['level'];
  q?: string;
  sort?: 'score' | 'reviewDate' | 'updatedAt' | 'createdAt';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export const riskKeys = {
  all: ['risks'] as const,
  list: (f: RiskFilters) => ['risks', 'list', f] as const,
  heatmap: ['risks', 'heatmap'] as const,
  overdue: ['risks', 'overdue'] as const,
  proposals: (minFirms?: number) => ['risks', 'proposals', minFirms ?? null] as const,
  ofTicket: (ticketId: number) => ['risks', 'ticket', ticketId] as const,
};

export function useRisks(f: RiskFilters) {
  return useQuery({ queryKey: riskKeys.list(f), queryFn: () => api<Risks>('/risks', { query: { ...f, active: f.active ? 'true' : undefined } }), placeholderData: keepPreviousData });
}

export function useHeatmap() {
  return useQuery({ queryKey: riskKeys.heatmap, queryFn: () => api<Heatmap>('/risks/heatmap') });
}

export function useOverdueReviews(enabled = true) {
  return useQuery({ queryKey: riskKeys.overdue, queryFn: () => api<z.infer<typeof RiskList>>('/risks/reviews/overdue').then((r) => r.items), enabled });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: riskKeys.all });
}

export function useCreateRisk() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateRisk; idempotencyKey: string }) => api<Risk>('/risks', { method: 'POST', body, idempotencyKey }),
    onSuccess: done,
  });
}

export function useUpdateRisk() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: UpdateRisk }) => api<Risk>(`/risks/${id}`, { method: 'PATCH', body }), onSuccess: done });
}

export function useDeleteRisk() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, version }: { id: number; version: number }) => api<{ ok: true }>(`/risks/${id}`, { method: 'DELETE', query: { version } }), onSuccess: done });
}

/** Blockers many members report at once, proposed as risks (`minFirms` unset: the server's default threshold). */
export function useRiskProposals(minFirms?: number, enabled = true) {
  return useQuery({ queryKey: riskKeys.proposals(minFirms), queryFn: () => api<Proposals>('/risks/proposals', { query: { minFirms } }), enabled, placeholderData: keepPreviousData });
}

/** Accepting a proposal registers its prefilled risk. */
export function useAcceptProposal() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: AcceptProposal; idempotencyKey: string }) => api<Risk>('/risks/proposals', { method: 'POST', body, idempotencyKey }),
    onSettled: done,
  });
}

/** The risks linked to a problem. */
export function useRisksOfTicket(ticketId: number, enabled = true) {
  return useQuery({ queryKey: riskKeys.ofTicket(ticketId), queryFn: () => api<Risks>('/risks', { query: { ticketId, pageSize: 100 } }).then((r) => r.items), enabled: enabled && ticketId > 0 });
}
