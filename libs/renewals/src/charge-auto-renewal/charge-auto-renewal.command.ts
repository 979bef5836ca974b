import { CommandMeta } from '@app/platform';

/**
 * The scheduler's: charge the service's stored method for its renewal, when that has come due. `at` is the
 * charge's due time: the order is placed and paid as of then, however late the scheduler runs.
 */
export class ChargeAutoRenewalCommand {
  constructor(
    readonly serviceId: string,
    readonly meta: CommandMeta,
    readonly at: Date,
  ) {}
}

export type AutoRenewalOutcome =
  | { outcome: 'NOT_DUE' }
  | { outcome: 'CHARGED'; orderId: string; orderNumber: string; transactionId: string }
  | { outcome: 'DECLINED'; orderId: string; orderNumber: string; code: string }
  /** The charge was settled by an earlier run (approved or declined). */
  | { outcome: 'SETTLED'; orderId: string };
