import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { OrderSummary, summarise } from '../application/order-view';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StartCheckoutCommand } from './start-checkout.command';

@CommandHandler(StartCheckoutCommand)
export class StartCheckoutHandler implements ICommandHandler<StartCheckoutCommand, OrderSummary> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ orderId, command, meta }: StartCheckoutCommand): Promise<OrderSummary> {
    const result = await this.runner.run(this.deciders.orders, orderId, command, meta, {
      expectedRevision: meta.ifMatch,
    });
    return summarise(orderId, result);
  }
}
