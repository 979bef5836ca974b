import { CommandMeta } from '@app/platform';

export class CancelOrderCommand {
  constructor(
    readonly orderId: string,
    readonly reason: string,
    readonly meta: CommandMeta,
  ) {}
}
