/** Schemas of memberships by consent: join requests, their answers, leaving and removing. */
import { z } from 'zod';
import { Paging, Version, pageOf } from '../../core/http/common-schema';

export const REQUEST_STATUSES = ['pending', 'accepted', 'refused'] as const;

/**
 * A join request as both sides see it. Until the firm accepts, the requesting alliance knows the
 * firm by its name and credit code only — which is all this carries.
 */
export const MembershipRequestResponse = z.object({
  id: z.number().int(),
  status: z.enum(REQUEST_STATUSES),
  alliance: z.object({ id: z.number().int(), name: z.string() }),
  enterprise: z.object({ id: z.number().int(), name: z.string(), creditCode: z.string() }),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type MembershipRequestResponse = z.infer<typeof MembershipRequestResponse>;
export const MembershipRequestPage = pageOf(MembershipRequestResponse);

export const ListRequestsQuery = Paging.extend({ status: z.enum(REQUEST_STATUSES).optional() });
export type ListRequestsQuery = z.infer<typeof ListRequestsQuery>;

/** Answering names nothing else: a request is answered once (a second answer is a 409). */
export const RequestIdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export const FirmParam = z.object({ enterpriseId: z.coerce.number().int().positive().max(2 ** 31 - 1) });
export const FirmMembershipParam = FirmParam.extend({ allianceId: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** One of the firm's memberships, as the firm sees it. */
export const FirmMembership = z.object({
  alliance: z.object({ id: z.number().int(), name: z.string() }),
  joinedAt: z.string(),
  shareHistory: z.boolean(),
  /** First report date the alliance sees; null = all. */
  reportsFrom: z.string().nullable(),
  /** The alliance registered the firm (it has always seen the firm's reports). */
  registeredHere: z.boolean(),
  version: z.number().int(),
});
export const FirmMemberships = z.object({
  enterprise: z.object({ id: z.number().int(), name: z.string(), creditCode: z.string() }),
  items: z.array(FirmMembership),
});
export type FirmMemberships = z.infer<typeof FirmMemberships>;

/** The firm's choice for one alliance: may it see the reports from before the join? */
export const ShareHistoryBody = z.object({ shareHistory: z.boolean(), version: Version });

/** Ending a membership names the membership's version, like any change to it. */
export const EndMembershipQuery = z.object({ version: z.coerce.number().int().min(1).max(2 ** 31 - 1) });

/** Firms the actor answers for (enterprise admin grants; the platform admin names one). */
export const MyFirms = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string(), creditCode: z.string(), pendingRequests: z.number().int() })) });
