import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/platform';
import { CommandRunner } from '../application/command-runner';
import { OpenOrders } from '../application/open-orders';
import { OrderSummary, summarise } from '../application/order-view';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { renewalStartOf } from '../domain';
import { RequestRenewalCommand } from './request-renewal.command';

/**
 * Renew or reactivate. The service stream guards "one open renewal order per service" (it records the
 * order it opened), then the order stream starts from the services active so far. A retry with the same
 * command id, or a crash between the two appends, still ends in one single order.
 */
@CommandHandler(RequestRenewalCommand)
export class RequestRenewalHandler implements ICommandHandler<
  RequestRenewalCommand,
  OrderSummary & { created: boolean }
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly openOrders: OpenOrders,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ serviceId, meta }: RequestRenewalCommand) {
    const newOrderId = deterministicUuid(`order|${meta.commandId}`);
    const openOrderStatus = await this.openOrders.statusOf(serviceId);
    const opened = await this.runner.run(
      this.deciders.services,
      serviceId,
      { type: 'OpenRenewalOrder', data: { orderId: newOrderId, openOrderStatus } },
      meta,
    );
    const service = opened.state;
    // A retried request answers about the order it opened, whatever became of that order since.
    const orderId = opened.replayed ? newOrderId : service.openOrderId;
    if (!orderId || !service.openOrderKind)
      throw new Error(`Service ${serviceId} has no open order after opening one`);
    const order = await this.runner.run(
      this.deciders.orders,
      orderId,
      {
        type: 'RequestRenewal',
        data: renewalStartOf(service, orderId, service.openOrderKind),
      },
      meta,
      { creates: true },
    );
    return { ...summarise(orderId, order, this.deciders.context), created: orderId === newOrderId };
  }
}
