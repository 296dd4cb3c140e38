import { describe, expect, it } from 'vitest';
import { declareLinkBody, statesCustomerFacts, updateLinkBody, type LinkFormValues } from './link-body';

const filled: LinkFormValues = { ownId: 1, otherId: 7, supplierId: 3, customerId: 4, itemId: 9, sharePct: 30, leadDays: 2, essential: false, stockDays: 5 };

describe('the link form never sends the customer’s facts from the supplier side', () => {
  it('an enterprise declaring as supplier: its firm supplies, no essential/stock in the body', () => {
    const customerFacts = statesCustomerFacts({ staff: false, enterpriseIds: [1], side: 'supplier' });
    expect(customerFacts).toBe(false);
    const body = declareLinkBody({ ...filled, side: 'supplier' }, { staff: false, customerFacts });
    expect(body).toEqual({ supplierId: 1, customerId: 7, itemId: 9, sharePct: 30, leadDays: 2 });
    expect(body).not.toHaveProperty('essential');
    expect(body).not.toHaveProperty('stockDays');
  });

  it('an enterprise declaring as customer states them (essential defaults to yes)', () => {
    const customerFacts = statesCustomerFacts({ staff: false, enterpriseIds: [1], side: 'customer' });
    expect(customerFacts).toBe(true);
    expect(declareLinkBody({ ...filled, side: 'customer' }, { staff: false, customerFacts })).toEqual({ supplierId: 7, customerId: 1, itemId: 9, sharePct: 30, leadDays: 2, essential: false, stockDays: 5 });
    expect(declareLinkBody({ ...filled, side: 'customer', essential: undefined, stockDays: null }, { staff: false, customerFacts })).toEqual({ supplierId: 7, customerId: 1, itemId: 9, sharePct: 30, leadDays: 2, essential: true, stockDays: undefined });
    // The side defaults to customer, as the form does.
    expect(statesCustomerFacts({ staff: false, enterpriseIds: [1] })).toBe(true);
  });

  it('staff pick both firms and state the facts', () => {
    const customerFacts = statesCustomerFacts({ staff: true, enterpriseIds: [], side: 'supplier' });
    expect(declareLinkBody(filled, { staff: true, customerFacts })).toEqual({ supplierId: 3, customerId: 4, itemId: 9, sharePct: 30, leadDays: 2, essential: false, stockDays: 5 });
  });

  it('editing: the supplier (who sees no stock) sends only the link’s own fields; the customer sends its facts', () => {
    const link = { version: 4, customer: { id: 7, name: 'C' }, stockDays: null };
    const asSupplier = statesCustomerFacts({ staff: false, enterpriseIds: [1], link });
    expect(asSupplier).toBe(false);
    expect(updateLinkBody(filled, link, { customerFacts: asSupplier })).toEqual({ version: 4, sharePct: 30, leadDays: 2 });
    const asCustomer = statesCustomerFacts({ staff: false, enterpriseIds: [7], link: { ...link, stockDays: 3 } });
    expect(asCustomer).toBe(true);
    expect(updateLinkBody(filled, link, { customerFacts: asCustomer })).toEqual({ version: 4, sharePct: 30, leadDays: 2, essential: false, stockDays: 5 });
  });
});
