import { CommandMeta } from '@app/platform';

export class ExpireUnpaidOrderCommand {
  constructor(
    readonly orderId: string,
    readonly meta: CommandMeta,
  ) {}
}
