import { BusinessRuleViolation, Conflict, EventSourcedDecider, assertNever, eventDecoder } from '@app/kernel';
import { BillingDetails } from './billing-details';
import { sameDetails } from './billing-details.decider';

/**
 * One invoice's life after its number: its stream `invoice-<invoiceId>` records each file sent to the
 * Sistema di Interscambio, the exchange's answer to it, and the corrections of a rejected one. The
 * number and the document as issued are in the year's register (invoice-register.ts); the first event
 * here names them, so the stream alone says which invoice it is.
 *
 * A rejected file (NS) was never issued as far as the tax office is concerned: within five days of the
 * rejection the invoice may be corrected and sent again with the same number and date (Agenzia delle
 * Entrate, circolare 14/E of 17 June 2019, 3.1). After that it needs a new number, which is not built.
 */
export const INVOICE_CATEGORY = 'invoice';
export const invoiceStream = (invoiceId: string) => `${INVOICE_CATEGORY}-${invoiceId}`;
export const CORRECTION_DAYS = 5;

/** Which invoice a stream is about: its place in the register, and whose it is. */
export interface InvoiceRef {
  invoiceId: string;
  number: string;
  year: number;
  sequence: number;
  customerId: string;
  serviceId: string;
  orderId: string;
}

/** An error the exchange gives a rejected file: its code (e.g. 00305) and its text. */
export interface SdiError {
  code: string;
  description: string;
}

/** The exchange's answer to a file: RC delivered, MC not delivered (in the recipient's reserved area), NS rejected. */
export type SdiOutcome =
  | { type: 'RC'; sdiId: string; at: string }
  | { type: 'MC'; sdiId: string; at: string }
  | { type: 'NS'; sdiId: string; at: string; errors: SdiError[] };

export type InvoiceEvent =
  | {
      type: 'InvoiceTransmitted';
      data: InvoiceRef & {
        /** 1 for the file as issued, then one more for each corrected re-send. */
        attempt: number;
        fileName: string;
        transmissionId: string;
        sdiId: string;
        transmittedAt: string;
      };
    }
  | { type: 'InvoiceDelivered'; data: { invoiceId: string; sdiId: string; deliveredAt: string } }
  | { type: 'InvoiceNotDelivered'; data: { invoiceId: string; sdiId: string; notifiedAt: string } }
  | {
      type: 'InvoiceRejected';
      data: { invoiceId: string; sdiId: string; errors: SdiError[]; rejectedAt: string };
    }
  | {
      type: 'InvoiceCorrected';
      data: { invoiceId: string; buyer: BillingDetails; reason: string; correctedAt: string };
    };

export type InvoiceCommand =
  | {
      type: 'RecordTransmission';
      data: {
        invoice: InvoiceRef;
        fileName: string;
        transmissionId: string;
        outcome: SdiOutcome;
        now: Date;
      };
    }
  | {
      type: 'CorrectInvoice';
      data: {
        invoiceId: string;
        buyer: BillingDetails;
        issuedBuyer: BillingDetails;
        reason: string;
        now: Date;
      };
    };

export type InvoiceStatus = 'ISSUED' | 'SENT' | 'DELIVERED' | 'NOT_DELIVERED' | 'REJECTED' | 'CORRECTED';

export interface InvoiceState {
  ref: InvoiceRef | null;
  status: InvoiceStatus;
  /** Files sent so far. */
  attempts: number;
  fileName: string | null;
  sdiId: string | null;
  errors: SdiError[];
  rejectedAt: string | null;
  /** The buyer as last corrected; null while the issued document's stands. */
  buyer: BillingDetails | null;
  correctedAt: string | null;
}

export const invoiceEvents = eventDecoder<InvoiceEvent>({
  categories: [INVOICE_CATEGORY],
  versions: {
    InvoiceTransmitted: 1,
    InvoiceDelivered: 1,
    InvoiceNotDelivered: 1,
    InvoiceRejected: 1,
    InvoiceCorrected: 1,
  },
});

const initialState = (): InvoiceState => ({
  ref: null,
  status: 'ISSUED',
  attempts: 0,
  fileName: null,
  sdiId: null,
  errors: [],
  rejectedAt: null,
  buyer: null,
  correctedAt: null,
});

/** Whether the invoice has a file waiting to be sent: just issued, or corrected after a rejection. */
export const awaitsTransmission = (state: InvoiceState) =>
  state.status === 'ISSUED' || state.status === 'CORRECTED';

/** The exchange's answer, as the event that records it. */
function answered(invoiceId: string, outcome: SdiOutcome): InvoiceEvent {
  switch (outcome.type) {
    case 'RC':
      return { type: 'InvoiceDelivered', data: { invoiceId, sdiId: outcome.sdiId, deliveredAt: outcome.at } };
    case 'MC':
      return {
        type: 'InvoiceNotDelivered',
        data: { invoiceId, sdiId: outcome.sdiId, notifiedAt: outcome.at },
      };
    case 'NS':
      return {
        type: 'InvoiceRejected',
        data: { invoiceId, sdiId: outcome.sdiId, errors: outcome.errors, rejectedAt: outcome.at },
      };
    default:
      return assertNever(outcome);
  }
}

function decide(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  switch (command.type) {
    case 'RecordTransmission': {
      const { invoice, fileName, transmissionId, outcome, now } = command.data;
      // The same file again (a process retried after the exchange had answered): already recorded.
      if (state.fileName === fileName) return [];
      if (!awaitsTransmission(state))
        throw new Conflict(
          'INVOICE_ALREADY_SENT',
          `Invoice ${invoice.number} was sent as ${state.fileName} and has no correction to send.`,
        );
      return [
        {
          type: 'InvoiceTransmitted',
          data: {
            ...invoice,
            attempt: state.attempts + 1,
            fileName,
            transmissionId,
            sdiId: outcome.sdiId,
            transmittedAt: now.toISOString(),
          },
        },
        answered(invoice.invoiceId, outcome),
      ];
    }
    case 'CorrectInvoice': {
      const { invoiceId, buyer, issuedBuyer, reason, now } = command.data;
      const number = state.ref?.number ?? invoiceId;
      if (state.status !== 'REJECTED')
        throw new Conflict(
          'INVOICE_NOT_REJECTED',
          `Invoice ${number} is ${state.status.toLowerCase().replace('_', ' ')}: only a rejected invoice is corrected and sent again.`,
        );
      const closes = new Date(state.rejectedAt!).getTime() + CORRECTION_DAYS * 86_400_000;
      if (now.getTime() > closes)
        throw new BusinessRuleViolation(
          'CORRECTION_WINDOW_CLOSED',
          `Invoice ${number} was rejected more than ${CORRECTION_DAYS} days ago: it can no longer be sent again under its number.`,
        );
      if (sameDetails(buyer, state.buyer ?? issuedBuyer))
        throw new BusinessRuleViolation(
          'NOTHING_CORRECTED',
          `The billing details are those the exchange rejected: correct them before sending invoice ${number} again.`,
        );
      return [
        { type: 'InvoiceCorrected', data: { invoiceId, buyer, reason, correctedAt: now.toISOString() } },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'InvoiceTransmitted': {
      const { attempt, fileName, sdiId, transmittedAt: _at, transmissionId: _id, ...ref } = event.data;
      return { ...state, ref, status: 'SENT', attempts: attempt, fileName, sdiId, errors: [] };
    }
    case 'InvoiceDelivered':
      return { ...state, status: 'DELIVERED' };
    case 'InvoiceNotDelivered':
      return { ...state, status: 'NOT_DELIVERED' };
    case 'InvoiceRejected':
      return { ...state, status: 'REJECTED', errors: event.data.errors, rejectedAt: event.data.rejectedAt };
    case 'InvoiceCorrected':
      return { ...state, status: 'CORRECTED', buyer: event.data.buyer, correctedAt: event.data.correctedAt };
    default:
      return assertNever(event);
  }
}

export const invoiceDecider: EventSourcedDecider<InvoiceCommand, InvoiceEvent, InvoiceState> = {
  initialState,
  decide,
  evolve,
  events: invoiceEvents,
};
