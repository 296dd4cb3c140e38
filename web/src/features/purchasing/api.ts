/** Group purchasing (红色团购): campaigns, pledges, lock and allocation, supplier order, deliveries, settlement statements. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CampaignPage, CampaignResponse, CreateCampaignBody, DeliveryBody, DeliveryList, PledgeList, PledgeResponse } from '@server/modules/purchasing/purchasing.schema';
import { api, downloadResponse, send } from '../../lib/api';

export type Campaign = CampaignResponse;
export type CampaignItem = Campaign['items'][number];
export type Campaigns = z.infer<typeof CampaignPage>;
export type CampaignSummary = Campaigns['items'][number];
export type PledgeLine = z.infer<typeof PledgeList>['items'][number];
export type Delivery = z.infer<typeof DeliveryList>['items'][number];
export type CreateCampaign = z.input<typeof CreateCampaignBody>;
export type NewDelivery = z.input<typeof DeliveryBody>;
/** The campaign statuses (kept here, not imported from the schema module, so the page chunk pulls in no server code). */
export const CAMPAIGN_STATUSES = ['open', 'locked', 'ordered', 'completed'] as const satisfies readonly CampaignResponse['status'][];
export { ALLOCATION_RULES } from '@server/modules/purchasing/purchasing.allocation';

export const purchasingKeys = {
  all: ['purchasing'] as const,
  list: (f: { status?: string; page?: number; pageSize?: number }) => ['purchasing', 'list', f] as const,
  one: (id: number) => ['purchasing', 'one', id] as const,
  pledges: (id: number) => ['purchasing', 'pledges', id] as const,
  deliveries: (id: number) => ['purchasing', 'deliveries', id] as const,
};

export function useCampaigns(f: { status?: Campaign['status']; page?: number; pageSize?: number }) {
  return useQuery({ queryKey: purchasingKeys.list(f), queryFn: () => api<Campaigns>('/purchasing/campaigns', { query: f }), placeholderData: keepPreviousData });
}

export function useCampaign(id: number) {
  // Pledges of other firms change the tier: refresh while the page is open.
  return useQuery({ queryKey: purchasingKeys.one(id), queryFn: () => api<Campaign>(`/purchasing/campaigns/${id}`), refetchInterval: 15_000, enabled: id > 0 });
}

export function usePledges(id: number) {
  return useQuery({ queryKey: purchasingKeys.pledges(id), queryFn: () => api<z.infer<typeof PledgeList>>(`/purchasing/campaigns/${id}/pledges`).then((r) => r.items), refetchInterval: 15_000, enabled: id > 0 });
}

export function useDeliveries(id: number) {
  return useQuery({ queryKey: purchasingKeys.deliveries(id), queryFn: () => api<z.infer<typeof DeliveryList>>(`/purchasing/campaigns/${id}/deliveries`).then((r) => r.items) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: purchasingKeys.all });
}

export function useCreateCampaign() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateCampaign; idempotencyKey: string }) => api<Campaign>('/purchasing/campaigns', { method: 'POST', body, idempotencyKey }),
    onSuccess: done,
  });
}

export function usePledge(id: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: { enterpriseId: number; itemId: number; count: number }) => api<z.infer<typeof PledgeResponse>>(`/purchasing/campaigns/${id}/pledges`, { method: 'PUT', body }),
    onSuccess: done,
  });
}

export function useLock(id: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: { version: number; available: { itemId: number; count: number }[] }) => api<Campaign>(`/purchasing/campaigns/${id}/lock`, { method: 'POST', body }),
    onSuccess: done,
  });
}

export function useOrder(id: number) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (version: number) => api<Campaign>(`/purchasing/campaigns/${id}/order`, { method: 'POST', body: { version } }), onSuccess: done });
}

export function useRecordDelivery(id: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: NewDelivery; idempotencyKey: string }) => api<Delivery>(`/purchasing/campaigns/${id}/deliveries`, { method: 'POST', body, idempotencyKey }),
    onSuccess: done,
  });
}

/** Saves a firm's settlement statement (.xlsx) under the server's file name. */
export async function downloadSettlement(campaignId: number, enterpriseId: number): Promise<void> {
  const res = await send(`/purchasing/campaigns/${campaignId}/settlement`, { query: { enterpriseId } });
  await downloadResponse(res, `settlement-${campaignId}-${enterpriseId}.xlsx`);
}
