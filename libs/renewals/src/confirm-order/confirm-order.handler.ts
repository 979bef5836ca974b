import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@app/platform';
import { needsOrderNumber } from '../domain';
import { CommandRunner } from '../application/command-runner';
import { ORDER_NUMBERS, OrderNumbers } from '../application/order-numbers';
import { OrderSummary, summarise } from '../application/order-view';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { StreamStates } from '../application/stream-states';
import { ConfirmOrderCommand } from './confirm-order.command';

/** "Conferma": the order number (a sequence: I/O) is taken first, only when the order can be confirmed. */
@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand, OrderSummary> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly states: StreamStates,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ orderId, command, meta }: ConfirmOrderCommand): Promise<OrderSummary> {
    const { orders } = this.deciders;
    const state = await this.states.stateOf(orders, orderId);
    // A retried confirmation gets the number it got first (the sequence is keyed by the order); nobody
    // takes a number for an order that is not theirs (the runner then answers 404).
    const mine = meta.actor.type !== 'customer' || orders.ownerOf(state) === meta.actor.id;
    const orderNumber =
      mine && needsOrderNumber(state, 'ConfirmOrder')
        ? await this.orderNumbers.numberFor(orderId, this.clock.now())
        : null;
    const result = await this.runner.run(
      orders,
      orderId,
      { type: command.type, data: { ...command.data, orderNumber } },
      meta,
      { expectedRevision: meta.ifMatch },
    );
    return summarise(orderId, result, this.deciders.context);
  }
}
