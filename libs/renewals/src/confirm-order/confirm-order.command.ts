import { CommandMeta } from '@app/platform';
import { ConsentType } from '../domain';

export class ConfirmOrderCommand {
  constructor(
    readonly orderId: string,
    /** The document version the customer accepted, per consent; missing means not given. */
    readonly consents: Partial<Record<ConsentType, string>>,
    readonly meta: CommandMeta,
  ) {}
}
