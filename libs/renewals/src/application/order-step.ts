import { Inject } from '@nestjs/common';
import { CommandMeta } from '@app/platform';
import { OrderCommand, Untimed } from '../domain';
import { CommandRunner } from './command-runner';
import { OrderSummary, summarise } from './order-view';
import { Deciders, RENEWAL_CONTEXT } from './renewal-context';

/** A step on one order that its decider alone decides (a cart change, an option, checkout): the domain command. */
export abstract class OrderStep<C extends Untimed<OrderCommand>> {
  constructor(
    readonly orderId: string,
    readonly command: C,
    readonly meta: CommandMeta,
  ) {}
}

/**
 * The whole handler of such a step: load, decide, append at the revision the client saw (If-Match), answer
 * the order. A use case's handler is this class under its own command (`@CommandHandler(...)`).
 */
export abstract class OrderStepHandler<S extends OrderStep<Untimed<OrderCommand>>> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ orderId, command, meta }: S): Promise<OrderSummary> {
    const result = await this.runner.run(this.deciders.orders, orderId, command, meta, {
      expectedRevision: meta.ifMatch,
    });
    return summarise(orderId, result, this.deciders.context);
  }
}
