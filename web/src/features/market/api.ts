/** The resource board and orders (资源共济 · 订单共商): offers and needs, explained matches, deals, orders with quotes and splits. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateOrderBody, CreatePostBody, CreateQuoteBody, DealList, MatchList, OrderList, OrderResponse, PostList, SplitSuggestion } from '@server/modules/market/market.schema';
import { api } from '../../lib/api';

export type Post = z.infer<typeof PostList>['items'][number];
export type Match = z.infer<typeof MatchList>['items'][number];
export type Deal = z.infer<typeof DealList>['items'][number];
export type Order = z.infer<typeof OrderResponse>;
export type Quote = Order['quotes'][number];
export type Split = z.infer<typeof SplitSuggestion>;
export type NewPost = z.input<typeof CreatePostBody>;
export type NewOrder = z.input<typeof CreateOrderBody>;
export type NewQuote = z.input<typeof CreateQuoteBody>;
export { RESOURCE_KINDS } from '@server/modules/market/market.matching';

export const marketKeys = {
  all: ['market'] as const,
  posts: (f: { side?: string; kind?: string }) => ['market', 'posts', f] as const,
  matches: ['market', 'matches'] as const,
  deals: ['market', 'deals'] as const,
  orders: ['market', 'orders'] as const,
  split: (id: number) => ['market', 'split', id] as const,
};

export function usePosts(f: { side?: Post['side']; kind?: Post['kind'] }) {
  return useQuery({ queryKey: marketKeys.posts(f), queryFn: () => api<z.infer<typeof PostList>>('/market/posts', { query: f }).then((r) => r.items) });
}
export function useMatches() {
  return useQuery({ queryKey: marketKeys.matches, queryFn: () => api<z.infer<typeof MatchList>>('/market/matches').then((r) => r.items) });
}
export function useDeals() {
  return useQuery({ queryKey: marketKeys.deals, queryFn: () => api<z.infer<typeof DealList>>('/market/deals').then((r) => r.items) });
}
export function useOrders() {
  return useQuery({ queryKey: marketKeys.orders, queryFn: () => api<z.infer<typeof OrderList>>('/market/orders').then((r) => r.items) });
}
export function useSplitSuggestion(id: number, enabled: boolean) {
  return useQuery({ queryKey: marketKeys.split(id), queryFn: () => api<Split>(`/market/orders/${id}/split-suggestion`), enabled });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: marketKeys.all });
}

export function useCreatePost() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: NewPost; idempotencyKey: string }) => api<Post>('/market/posts', { method: 'POST', body, idempotencyKey }), onSuccess: done });
}
export function useCreateDeal() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: { offerId: number; needId: number; amount: number }; idempotencyKey: string }) => api<Deal>('/market/deals', { method: 'POST', body, idempotencyKey }), onSuccess: done });
}
export function useDealStep() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, version, step }: { id: number; version: number; step: 'confirm' | 'deliver' | 'receive' }) => api<Deal>(`/market/deals/${id}/step`, { method: 'POST', body: { version, step } }), onSuccess: done });
}
export function useCreateOrder() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ body, idempotencyKey }: { body: NewOrder; idempotencyKey: string }) => api<Order>('/market/orders', { method: 'POST', body, idempotencyKey }), onSuccess: done });
}
export function useCreateQuote() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ orderId, body, idempotencyKey }: { orderId: number; body: NewQuote; idempotencyKey: string }) => api<Order>(`/market/orders/${orderId}/quotes`, { method: 'POST', body, idempotencyKey }), onSuccess: done });
}
export function useSplitOrder() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ orderId, version, lines }: { orderId: number; version: number; lines: { quoteId: number; count: number }[] }) => api<Order>(`/market/orders/${orderId}/split`, { method: 'POST', body: { version, lines } }), onSuccess: done });
}
export function useOrderDelivery() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ orderId, quoteId, count, idempotencyKey }: { orderId: number; quoteId: number; count: number; idempotencyKey: string }) => api<Order>(`/market/orders/${orderId}/deliveries`, { method: 'POST', body: { quoteId, count }, idempotencyKey }),
    onSuccess: done,
  });
}
