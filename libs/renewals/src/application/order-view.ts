import { OrderContext, OrderState, TermPrice, orderPreview } from '../domain';
import { RunResult } from './command-runner';

/** An order as the customer sees it: the command answers and `GET /me/orders/:id` carry the same fields. */
export interface OrderView {
  orderId: string;
  orderNumber: string | null;
  serviceId: string;
  serviceName: string;
  productCode: string;
  /** The service's expiry when the order was opened (the warnings and the new expiry are about it). */
  serviceExpiresAt: string;
  kind: OrderState['kind'];
  status: OrderState['status'];
  cart: OrderState['cart'];
  minExtraUsers: number;
  /** The storage packs the service has: the cart keeps at least those. */
  minStoragePacks: number;
  agreementCode: string | null;
  years: number;
  paymentMethod: OrderState['paymentMethod'];
  paymentWarnings: OrderState['paymentWarnings'];
  /** When a payment made with the chosen method is registered at the latest. */
  latestRegistrationAt: string | null;
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
  cancelledBy: OrderState['cancelledBy'];
  origin: OrderState['origin'];
  chargeDeclined: OrderState['chargeDecline'];
  /** The last online payment the provider declined on the pay page (cleared by nothing: a later try may succeed). */
  onlineDecline: OrderState['onlineDecline'];
  /** While the order can change: the service's expiry after the renewal, and the price of each term. */
  newExpiresAt: string | null;
  termPrices: TermPrice[];
}

export interface OrderSummary extends OrderView {
  /** Stream revision: the order's version, for caches and If-Match. */
  revision: number | null;
  /** Global position of the change: send it as X-Min-Position to read your own write. */
  position: number | null;
}

/** What the order view needs of the configuration: the prices and the calendar. */
export type ViewContext = Pick<OrderContext, 'catalog' | 'policy'>;

export function orderView(state: OrderState, ctx: ViewContext): OrderView {
  const preview = orderPreview(ctx, state);
  const { cart } = state;
  return {
    orderId: state.orderId,
    orderNumber: state.orderNumber,
    serviceId: state.serviceId,
    serviceName: state.serviceName,
    productCode: state.productCode,
    serviceExpiresAt: state.serviceExpiresAt.toISOString(),
    kind: state.kind,
    status: state.status,
    cart: { storagePacks: cart.storagePacks, extraUsers: cart.extraUsers, nso: cart.nso },
    minExtraUsers: state.minExtraUsers,
    minStoragePacks: state.current?.storagePacks ?? 0,
    agreementCode: state.agreementCode,
    years: state.years,
    paymentMethod: state.paymentMethod,
    paymentWarnings: state.paymentWarnings,
    latestRegistrationAt: state.latestRegistrationAt,
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
    cancelledBy: state.cancelledBy,
    origin: state.origin,
    chargeDeclined: state.chargeDecline,
    onlineDecline: state.onlineDecline ?? null,
    newExpiresAt: preview?.newExpiresAt ?? null,
    termPrices: preview?.termPrices ?? [],
  };
}

export function summarise(orderId: string, result: RunResult<OrderState>, ctx: ViewContext): OrderSummary {
  return {
    ...orderView({ ...result.state, orderId: result.state.orderId || orderId }, ctx),
    revision: result.revision,
    position: result.position,
  };
}
