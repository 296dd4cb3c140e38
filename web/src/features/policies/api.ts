/** The policy library, matching, fulfilment applications and co-research questions. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnswerQuestionBody, ApplicationPage, ApplicationResponse, ApplicationTotals, AskQuestionBody, CreateApplicationBody, CreatePolicyBody, EnterprisePolicies, PolicyMatches, PolicyPage,
  PolicyResponse, QuestionList, QuestionResponse, TransitionApplicationBody,
} from '@server/modules/policies/policies.schema';
import type { Rule } from '@server/modules/policies/policies.eligibility';
import { api } from '../../lib/api';

export type Policy = PolicyResponse;
export type Policies = z.infer<typeof PolicyPage>;
export type PolicyListItem = Policies['items'][number];
export type Matches = z.infer<typeof PolicyMatches>;
export type MyPolicies = z.infer<typeof EnterprisePolicies>;
export type Outcome = Matches['items'][number]['outcomes'][number];
export type CreatePolicy = z.input<typeof CreatePolicyBody>;
export type Application = ApplicationResponse;
export type Applications = z.infer<typeof ApplicationPage>;
export type Totals = z.infer<typeof ApplicationTotals>;
export type Question = QuestionResponse;
export type { Rule };

// Copied from the server's pure modules (the enums are plain lists).
export const BENEFIT_KINDS = ['subsidy', 'tax_relief', 'loan', 'rent_relief', 'other'] as const;
export const APPLICATION_STATUSES = ['preparing', 'submitted', 'approved', 'rejected', 'disbursed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface PolicyFilters {
  q?: string;
  benefitKind?: (typeof BENEFIT_KINDS)[number];
  page?: number;
  pageSize?: number;
}

export interface ApplicationFilters {
  policyId?: number;
  enterpriseId?: number;
  status?: ApplicationStatus;
  page?: number;
  pageSize?: number;
}

export const policyKeys = {
  all: ['policies'] as const,
  list: (f: PolicyFilters) => ['policies', 'list', f] as const,
  one: (id: number) => ['policies', 'one', id] as const,
  matches: (id: number, all: boolean) => ['policies', 'matches', id, all] as const,
  mine: (enterpriseId: number) => ['policies', 'mine', enterpriseId] as const,
  questions: (id: number) => ['policies', 'questions', id] as const,
  applications: (f: ApplicationFilters) => ['policies', 'applications', f] as const,
  totals: ['policies', 'totals'] as const,
};

export function usePolicies(f: PolicyFilters) {
  return useQuery({ queryKey: policyKeys.list(f), queryFn: () => api<Policies>('/policies', { query: { ...f } }), placeholderData: keepPreviousData });
}

export function usePolicy(id: number) {
  return useQuery({ queryKey: policyKeys.one(id), queryFn: () => api<Policy>(`/policies/${id}`) });
}

export function usePolicyMatches(id: number, all: boolean, enabled = true) {
  return useQuery({ queryKey: policyKeys.matches(id, all), queryFn: () => api<Matches>(`/policies/${id}/matches`, { query: { all: all ? 'true' : undefined } }), enabled, placeholderData: keepPreviousData });
}

export function useMyPolicies(enterpriseId: number | undefined) {
  return useQuery({ queryKey: policyKeys.mine(enterpriseId ?? 0), queryFn: () => api<MyPolicies>(`/enterprises/${enterpriseId}/policies`), enabled: enterpriseId !== undefined });
}

export function useQuestions(policyId: number) {
  return useQuery({ queryKey: policyKeys.questions(policyId), queryFn: () => api<z.infer<typeof QuestionList>>(`/policies/${policyId}/questions`).then((r) => r.items) });
}

export function useApplications(f: ApplicationFilters, enabled = true) {
  return useQuery({ queryKey: policyKeys.applications(f), queryFn: () => api<Applications>('/policy-applications', { query: { ...f } }), enabled, placeholderData: keepPreviousData });
}

export function useApplicationTotals(enabled = true) {
  return useQuery({ queryKey: policyKeys.totals, queryFn: () => api<Totals>('/policy-applications/totals'), enabled });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: policyKeys.all });
}

export function useCreatePolicy() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: CreatePolicy; idempotencyKey: string }) => api<Policy>('/policies', { method: 'POST', body, idempotencyKey }), onSuccess: done });
}

export function useCreateApplication() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof CreateApplicationBody>; idempotencyKey: string }) => api<Application>('/policy-applications', { method: 'POST', body, idempotencyKey }),
    onSuccess: done,
  });
}

export function useTransitionApplication() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: z.input<typeof TransitionApplicationBody> }) => api<Application>(`/policy-applications/${id}/transition`, { method: 'POST', body }), onSuccess: done });
}

export function useAskQuestion(policyId: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof AskQuestionBody>; idempotencyKey: string }) => api<Question>(`/policies/${policyId}/questions`, { method: 'POST', body, idempotencyKey }),
    onSuccess: done,
  });
}

export function useAnswerQuestion() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: z.input<typeof AnswerQuestionBody> }) => api<Question>(`/policy-questions/${id}/answer`, { method: 'POST', body }), onSuccess: done });
}
