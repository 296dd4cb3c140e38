/**
 * Problem handling (问题帮办): queues and lists, one problem with its timeline, filing (with
 * attachments), status changes, transfers, co-handlers, splitting, comments, ratings, proposals
 * from daily reports, and the overview figures.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttachmentResponse, CommentBody, ConfirmProposalBody, CreateTicketBody, DismissProposalBody, ProposalDismissal, FiguresResponse, HandlerRef, ProposalList, PutHandlersBody, SatisfactionBody, SplitBody,
  TicketDetail, TicketEvent, TicketPage, TicketSummary, TransferBody, TransitionBody,
} from '@server/modules/tickets/tickets.schema';
import { api, send } from '../../lib/api';

export type Ticket = TicketSummary;
export type TicketList = z.infer<typeof TicketPage>;
export type TicketFull = TicketDetail;
export type TimelineEvent = TicketEvent;
export type Attachment = AttachmentResponse;
export type Proposal = z.infer<typeof ProposalList>['items'][number];
export type Figures = FiguresResponse;
export type CreateTicket = z.input<typeof CreateTicketBody>;
export type Transition = z.input<typeof TransitionBody>;
export type Transfer = z.input<typeof TransferBody>;
export type Comment = z.input<typeof CommentBody>;
export type Split = z.input<typeof SplitBody>;
export type Satisfaction = z.input<typeof SatisfactionBody>;
export type Handler = HandlerRef;
export type PutHandlers = z.input<typeof PutHandlersBody>;
export type ConfirmProposal = z.input<typeof ConfirmProposalBody>;
export type DismissProposal = z.input<typeof DismissProposalBody>;
export type TicketStatus = Ticket['status'];
export type Priority = Ticket['priority'];
export type Category = Ticket['category'];
export type Queue = 'mine' | 'group' | 'unassigned' | 'due_soon' | 'overdue';

export { PRIORITIES } from '@server/modules/tickets/sla';
export { TICKET_STATUSES, TRANSITIONS } from '@server/modules/tickets/ticket-state';
export { TICKET_CATEGORIES, QUEUES, TICKET_SORTS } from '@server/modules/tickets/tickets.schema';

/** The list's filters, as in the page's query string and the API's. */
export interface TicketFilters {
  queue?: Queue;
  status?: TicketStatus;
  /** Only submitted, accepted or in progress. */
  open?: boolean;
  category?: Category;
  priority?: Priority;
  enterpriseId?: number;
  q?: string;
  sort?: 'createdAt' | 'updatedAt' | 'priority' | 'resolveDueAt' | 'id';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (f: TicketFilters) => ['tickets', 'list', f] as const,
  one: (id: number) => ['tickets', 'one', id] as const,
  proposals: (enterpriseId?: number) => ['tickets', 'proposals', enterpriseId ?? null] as const,
  figures: ['tickets', 'figures'] as const,
};

export const fetchTickets = (f: TicketFilters) => api<TicketList>('/tickets', { query: { ...f, open: f.open ? 'true' : undefined } });
export const fetchTicket = (id: number) => api<TicketFull>(`/tickets/${id}`);

export function useTickets(f: TicketFilters) {
  return useQuery({ queryKey: ticketKeys.list(f), queryFn: () => fetchTickets(f), placeholderData: keepPreviousData });
}

export function useTicket(id: number) {
  return useQuery({ queryKey: ticketKeys.one(id), queryFn: () => fetchTicket(id), enabled: id > 0 });
}

export function useTicketFigures(enabled = true) {
  return useQuery({ queryKey: ticketKeys.figures, queryFn: () => api<Figures>('/tickets/figures'), enabled });
}

/** Proposals a page at a time in firm name order ("load more": each page resumes after the previous one's last firm). */
export function useProposals(enabled = true) {
  return useInfiniteQuery({
    queryKey: ticketKeys.proposals(),
    queryFn: ({ pageParam }) => api<z.infer<typeof ProposalList>>('/tickets/proposals', { query: { after: pageParam ?? undefined, limit: PROPOSALS_PAGE } }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next,
    enabled,
  });
}
const PROPOSALS_PAGE = 20;

/** After any change to one ticket: its detail is the answer; lists and figures are stale. */
function useSettle() {
  const qc = useQueryClient();
  return (t?: TicketFull) => {
    if (t) qc.setQueryData(ticketKeys.one(t.id), t);
    void qc.invalidateQueries({ queryKey: ['tickets', 'list'] });
    void qc.invalidateQueries({ queryKey: ticketKeys.figures });
  };
}

export function useCreateTicket() {
  const settle = useSettle();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateTicket; idempotencyKey: string }) => api<TicketFull>('/tickets', { method: 'POST', body, idempotencyKey }),
    onSuccess: (t) => {
      settle(t);
      void qc.invalidateQueries({ queryKey: ['tickets', 'proposals'] });
    },
  });
}

export function useConfirmProposal() {
  const settle = useSettle();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: ConfirmProposal; idempotencyKey: string }) =>
      api<TicketFull>('/tickets/proposals/confirm', { method: 'POST', body, idempotencyKey }),
    onSuccess: (t) => {
      settle(t);
      void qc.invalidateQueries({ queryKey: ['tickets', 'proposals'] });
    },
  });
}

/** Dismisses a proposal (no ticket needed); it stays away while the blocker keeps being reported. */
export function useDismissProposal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: DismissProposal; idempotencyKey: string }) =>
      api<ProposalDismissal>('/tickets/proposals/dismiss', { method: 'POST', body, idempotencyKey }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['tickets', 'proposals'] });
    },
  });
}

export function useTransition(id: number) {
  const settle = useSettle();
  return useMutation({
    mutationFn: (body: Transition) => api<TicketFull>(`/tickets/${id}/transitions`, { method: 'POST', body }),
    onSuccess: settle,
  });
}

export function useTransfer(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: (body: Transfer) => api<TicketFull>(`/tickets/${id}/transfer`, { method: 'POST', body }), onSuccess: settle });
}

export function usePutHandlers(id: number) {
  const settle = useSettle();
  return useMutation({ mutationFn: (body: PutHandlers) => api<TicketFull>(`/tickets/${id}/handlers`, { method: 'PUT', body }), onSuccess: settle });
}

export function useSplit(id: number) {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: Split; idempotencyKey: string }) => api<TicketFull>(`/tickets/${id}/split`, { method: 'POST', body, idempotencyKey }),
    onSuccess: settle,
  });
}

export function useRate(id: number) {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: Satisfaction; idempotencyKey: string }) => api<TicketFull>(`/tickets/${id}/satisfaction`, { method: 'POST', body, idempotencyKey }),
    onSuccess: settle,
  });
}

export function useComment(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: Comment; idempotencyKey: string }) => api<TimelineEvent>(`/tickets/${id}/comments`, { method: 'POST', body, idempotencyKey }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.one(id) }),
  });
}

// Attachments ---------------------------------------------------------------------------------

/** What the server accepts (it checks the content too; we check the name and size first). */
export const ATTACHMENT_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'pdf', 'docx', 'xlsx', 'pptx'] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** The field-error code a file would get from the server, checked before uploading; null when fine. */
export function checkAttachment(file: { name: string; size: number }): 'file_type_not_allowed' | 'payload_too_large' | 'file_empty' | null {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (!(ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext)) return 'file_type_not_allowed';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'payload_too_large';
  if (file.size === 0) return 'file_empty';
  return null;
}

export async function uploadAttachment(ticketId: number, file: File, visibility: 'public' | 'internal', idempotencyKey: string): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await send(`/tickets/${ticketId}/attachments`, { method: 'POST', query: { visibility }, rawBody: form, idempotencyKey });
  return (await res.json()) as Attachment;
}

export function useUpload(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, visibility, idempotencyKey }: { file: File; visibility: 'public' | 'internal'; idempotencyKey: string }) => uploadAttachment(id, file, visibility, idempotencyKey),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.one(id) }),
  });
}

