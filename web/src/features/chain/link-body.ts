/**
 * What the link form sends. Whether the item is essential and the stock on hand are the
 * customer's facts: only alliance staff and the customer side state them. When the person's firm
 * is the supplier the form neither shows nor sends them (the server would refuse them with
 * `customer_fact`). Pure functions, unit-tested.
 */
import type { DeclareLink, Link, UpdateLink } from './api';

export interface LinkFormValues {
  side?: 'supplier' | 'customer';
  ownId?: number;
  otherId?: number;
  supplierId?: number;
  customerId?: number;
  itemId?: number;
  sharePct?: number;
  essential?: boolean;
  leadDays?: number;
  stockDays?: number | null;
}

/** Whether the person states the customer's facts: staff, or the customer side of the link (new or edited). */
export function statesCustomerFacts(o: { staff: boolean; enterpriseIds: readonly number[]; link?: Pick<Link, 'customer' | 'stockDays'>; side?: 'supplier' | 'customer' }): boolean {
  if (o.staff) return true;
  if (o.link) return o.link.stockDays !== null && o.enterpriseIds.includes(o.link.customer.id);
  return (o.side ?? 'customer') === 'customer';
}

/** The body of POST /chain/links. An enterprise picks its side; staff pick both firms. */
export function declareLinkBody(v: LinkFormValues, o: { staff: boolean; customerFacts: boolean }): DeclareLink {
  const supplierId = o.staff ? v.supplierId! : v.side === 'supplier' ? v.ownId! : v.otherId!;
  const customerId = o.staff ? v.customerId! : v.side === 'supplier' ? v.otherId! : v.ownId!;
  return {
    supplierId,
    customerId,
    itemId: v.itemId!,
    sharePct: v.sharePct!,
    leadDays: v.leadDays!,
    ...(o.customerFacts ? { essential: v.essential ?? true, stockDays: v.stockDays ?? undefined } : {}),
  };
}

/** The body of PATCH /chain/links/:id. */
export function updateLinkBody(v: LinkFormValues, link: Pick<Link, 'version'>, o: { customerFacts: boolean }): UpdateLink {
  return {
    version: link.version,
    sharePct: v.sharePct,
    leadDays: v.leadDays,
    ...(o.customerFacts ? { essential: v.essential, stockDays: v.stockDays ?? undefined } : {}),
  };
}
