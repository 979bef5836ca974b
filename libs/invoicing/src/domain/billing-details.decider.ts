import { EventSourcedDecider, InvalidFields, NotFound, assertNever, eventDecoder } from '@app/kernel';
import { BillingDetails, billingIssues } from './billing-details';

/**
 * The billing details of one service's holder: a stream per service, whose events are each version of
 * the details the holder (or the seed, or the back office) recorded. The invoice of a paid order takes
 * the version current when it is issued, and keeps its own copy.
 */
export const BILLING_CATEGORY = 'billingDetails';
export const billingDetailsStream = (serviceId: string) => `${BILLING_CATEGORY}-${serviceId}`;

export type BillingDetailsEvent = {
  type: 'BillingDetailsRecorded';
  data: { serviceId: string; customerId: string; details: BillingDetails; recordedAt: string };
};

export type BillingDetailsCommand = {
  type: 'RecordBillingDetails';
  data: { serviceId: string; customerId: string; details: BillingDetails; now: Date };
};

export interface BillingDetailsState {
  serviceId: string | null;
  customerId: string | null;
  details: BillingDetails | null;
  recordedAt: string | null;
}

export const billingDetailsEvents = eventDecoder<BillingDetailsEvent>({
  categories: [BILLING_CATEGORY],
  versions: { BillingDetailsRecorded: 1 },
});

const initialState = (): BillingDetailsState => ({
  serviceId: null,
  customerId: null,
  details: null,
  recordedAt: null,
});

/** The same details in any key order: recording them again changes nothing. */
const canonical = (details: BillingDetails) =>
  JSON.stringify(details, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );

/** Whether two versions of the details say the same, whatever their keys' order. */
export const sameDetails = (a: BillingDetails, b: BillingDetails) => canonical(a) === canonical(b);

function decide(command: BillingDetailsCommand, state: BillingDetailsState): BillingDetailsEvent[] {
  switch (command.type) {
    case 'RecordBillingDetails': {
      const { serviceId, customerId, details, now } = command.data;
      if (state.customerId !== null && state.customerId !== customerId)
        throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
      const issues = billingIssues(details);
      if (issues.length > 0) throw new InvalidFields('INVALID_BILLING_DETAILS', issues);
      if (state.details && sameDetails(state.details, details)) return [];
      return [
        {
          type: 'BillingDetailsRecorded',
          data: { serviceId, customerId, details, recordedAt: now.toISOString() },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(state: BillingDetailsState, event: BillingDetailsEvent): BillingDetailsState {
  switch (event.type) {
    case 'BillingDetailsRecorded': {
      const { serviceId, customerId, details, recordedAt } = event.data;
      return { serviceId, customerId, details, recordedAt };
    }
    default:
      return assertNever(event.type);
  }
}

export const billingDetailsDecider: EventSourcedDecider<
  BillingDetailsCommand,
  BillingDetailsEvent,
  BillingDetailsState
> = { initialState, decide, evolve, events: billingDetailsEvents };
