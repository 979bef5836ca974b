import { Inject, Injectable } from '@nestjs/common';
import { CommandMeta } from '@app/platform';
import { NotFound, OrderCommand, OrderState } from '../domain';
import { CommandRunner, RunResult } from './command-runner';
import { Deciders, RENEWAL_CONTEXT } from './renewal-context';
import { orderStream } from './streams';

export interface OrderSummary {
  orderId: string;
  status: OrderState['status'];
  kind: OrderState['kind'];
  serviceId: string;
  cart: OrderState['cart'];
  minExtraUsers: number;
  agreementCode: string | null;
  years: number;
  paymentMethod: OrderState['paymentMethod'];
  autoRenew: boolean;
  quote: OrderState['quote'];
  orderNumber: string | null;
  /** Stream revision: the order's version, for caches and If-Match. */
  revision: number | null;
  /** Global position of the change: send it as X-Min-Position to read your own write. */
  position: number | null;
}

export function summarise(orderId: string, result: RunResult<OrderState>): OrderSummary {
  const { state } = result;
  return {
    orderId,
    status: state.status,
    kind: state.kind,
    serviceId: state.serviceId,
    cart: state.cart,
    minExtraUsers: state.minExtraUsers,
    agreementCode: state.agreementCode,
    years: state.years,
    paymentMethod: state.paymentMethod,
    autoRenew: state.autoRenew,
    quote: state.quote,
    orderNumber: state.orderNumber,
    revision: result.revision,
    position: result.position,
  };
}

/** Runs an order command for its owner: a customer acting on another customer's order gets a 404. */
@Injectable()
export class Orders {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  execute(
    orderId: string,
    meta: CommandMeta,
    commandName: string,
    command: (now: Date, state: OrderState) => OrderCommand | Promise<OrderCommand>,
  ): Promise<RunResult<OrderState>> {
    return this.runner.run({
      streamId: orderStream(orderId),
      decider: this.deciders.order,
      meta,
      commandName,
      command,
      authorize: (state) => {
        const foreign = meta.actor.type === 'customer' && state.customerId !== meta.actor.id;
        if (state.status === 'NONE' || foreign)
          throw new NotFound('ORDER_NOT_FOUND', `Order ${orderId} was not found.`);
      },
    });
  }
}
