import { CommandMeta } from '@app/platform';
import { BillingDetails } from '../domain';

export class RecordBillingDetailsCommand {
  constructor(
    readonly serviceId: string,
    readonly details: BillingDetails,
    readonly meta: CommandMeta,
  ) {}
}

/** A service's billing details as the customer area and the back office see them. */
export interface BillingDetailsView {
  serviceId: string;
  /** Null until someone records them. */
  details: BillingDetails | null;
  recordedAt: string | null;
  /** The change's position in the log (X-Min-Position); null when nothing changed. */
  position: number | null;
}
