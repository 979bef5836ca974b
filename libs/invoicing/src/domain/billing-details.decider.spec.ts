import { InvalidFields } from '@app/kernel';
import { specFor } from '@app/renewals/testing';
import { companyDetails, personDetails } from '../testing';
import { BillingDetailsEvent, billingDetailsDecider } from './billing-details.decider';

const spec = specFor(billingDetailsDecider);
const now = new Date('2026-12-03T10:00:00.000Z');
const record = (details = companyDetails, customerId = 'c1') => ({
  type: 'RecordBillingDetails' as const,
  data: { serviceId: 's1', customerId, details, now },
});
const recorded = (details = companyDetails, customerId = 'c1'): BillingDetailsEvent => ({
  type: 'BillingDetailsRecorded',
  data: { serviceId: 's1', customerId, details, recordedAt: now.toISOString() },
});

describe('billing details decider', () => {
  it('records the first details of a service', () => spec.given([]).when(record()).then([recorded()]));

  it('records a change', () =>
    spec
      .given([recorded()])
      .when(record(personDetails))
      .then([recorded(personDetails)]));

  it('records nothing when the details are the same, in whatever key order', () => {
    const { address, ...rest } = companyDetails;
    const reversed = <T extends object>(value: T): T =>
      Object.fromEntries(Object.entries(value).reverse()) as T;
    const reordered = { ...reversed(rest), address: reversed(address) };
    spec.given([recorded()]).when(record(reordered)).then([]);
  });

  it('refuses invalid details with every field at fault and its reason', () => {
    spec
      .given([recorded()])
      .when(
        record({
          ...companyDetails,
          vatNumber: '01234567890',
          address: { ...companyDetails.address, postalCode: '2012' },
        }),
      )
      .thenThrows('INVALID_BILLING_DETAILS', 'vatNumber');
    try {
      billingDetailsDecider.decide(
        record({
          ...companyDetails,
          vatNumber: '01234567890',
          address: { ...companyDetails.address, postalCode: '2012' },
        }),
        billingDetailsDecider.initialState(),
      );
    } catch (error) {
      expect((error as InvalidFields).errors).toEqual([
        { field: 'vatNumber', reason: 'the Partita IVA’s check digit is wrong' },
        { field: 'address.postalCode', reason: 'a CAP is five digits' },
      ]);
    }
    expect.assertions(4);
  });

  it("refuses another customer's service as not found", () =>
    spec.given([recorded()]).when(record(companyDetails, 'c2')).thenThrows('SERVICE_NOT_FOUND'));
});
