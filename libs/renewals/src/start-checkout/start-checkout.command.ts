import { CommandMeta } from '@app/platform';

export class StartCheckoutCommand {
  constructor(
    readonly orderId: string,
    readonly meta: CommandMeta,
  ) {}
}
