import { CommandMeta } from '@app/platform';
import { BillingDetails } from '../domain';

/**
 * Corrects a rejected invoice and sends it again under its number: to the billing details given (which
 * are recorded as the service's), or to the service's current ones when the customer already fixed them.
 */
export class CorrectInvoiceCommand {
  constructor(
    readonly invoiceId: string,
    readonly reason: string,
    readonly details: BillingDetails | null,
    readonly meta: CommandMeta,
  ) {}
}

export interface CorrectedInvoice {
  invoiceId: string;
  /** The correction's position in the log (X-Min-Position). */
  position: number | null;
}
