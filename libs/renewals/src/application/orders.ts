import { Inject, Injectable } from '@nestjs/common';
import { CommandMeta } from '@app/platform';
import { NotFound, OrderCommand, OrderState } from '../domain';
import { CommandRunner, RunResult } from './command-runner';
import { Deciders, RENEWAL_CONTEXT } from './renewal-context';
import { orderStream } from './streams';

/** An order as the customer sees it: the command answers and `GET /me/orders/:id` carry the same fields. */
export interface OrderView {
  orderId: string;
  orderNumber: string | null;
  serviceId: string;
  serviceName: string;
  kind: OrderState['kind'];
  status: OrderState['status'];
  cart: OrderState['cart'];
  minExtraUsers: number;
  agreementCode: string | null;
  years: number;
  paymentMethod: OrderState['paymentMethod'];
  paymentWarnings: OrderState['paymentWarnings'];
  autoRenew: boolean;
  quote: OrderState['quote'];
  consents: OrderState['consents'];
  paymentInstructions: OrderState['paymentInstructions'];
  payBy: string | null;
  requestedAt: string | null;
  confirmedAt: string | null;
  paidAt: string | null;
  /** How the registered payment came in, when it differs from `paymentMethod` it is still the money received. */
  paidMethod: OrderState['paidMethod'];
  cancelledAt: string | null;
  cancelReason: string | null;
  origin: OrderState['origin'];
  chargeDeclined: OrderState['chargeDecline'];
}

export interface OrderSummary extends OrderView {
  /** Stream revision: the order's version, for caches and If-Match. */
  revision: number | null;
  /** Global position of the change: send it as X-Min-Position to read your own write. */
  position: number | null;
}

export function orderView(state: OrderState): OrderView {
  const { cart } = state;
  return {
    orderId: state.orderId,
    orderNumber: state.orderNumber,
    serviceId: state.serviceId,
    serviceName: state.serviceName,
    kind: state.kind,
    status: state.status,
    cart: { storagePacks: cart.storagePacks, extraUsers: cart.extraUsers, nso: cart.nso },
    minExtraUsers: state.minExtraUsers,
    agreementCode: state.agreementCode,
    years: state.years,
    paymentMethod: state.paymentMethod,
    paymentWarnings: state.paymentWarnings,
    autoRenew: state.autoRenew,
    quote: state.quote,
    consents: state.consents,
    paymentInstructions: state.paymentInstructions,
    payBy: state.payBy?.toISOString() ?? null,
    requestedAt: state.requestedAt,
    confirmedAt: state.confirmedAt,
    paidAt: state.paidAt,
    paidMethod: state.paidMethod,
    cancelledAt: state.cancelledAt,
    cancelReason: state.cancelReason,
    origin: state.origin,
    chargeDeclined: state.chargeDecline,
  };
}

export function summarise(orderId: string, result: RunResult<OrderState>): OrderSummary {
  return {
    ...orderView({ ...result.state, orderId: result.state.orderId || orderId }),
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
    /** The time of the decision, when it is not now (a scheduled action decides as of its due time). */
    at?: Date,
  ): Promise<RunResult<OrderState>> {
    return this.runner.run({
      streamId: orderStream(orderId),
      decider: this.deciders.order,
      meta,
      commandName,
      command,
      now: at,
      authorize: (state) => {
        const foreign = meta.actor.type === 'customer' && state.customerId !== meta.actor.id;
        if (state.status === 'NONE' || foreign)
          throw new NotFound('ORDER_NOT_FOUND', `Order ${orderId} was not found.`);
      },
    });
  }
}
