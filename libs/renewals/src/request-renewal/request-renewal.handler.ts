import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/platform';
import { CommandRunner } from '../application/command-runner';
import { OrderSummary, summarise } from '../application/orders';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { Services } from '../application/services';
import { orderStream } from '../application/streams';
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
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    private readonly services: Services,
  ) {}

  async execute({ serviceId, meta }: RequestRenewalCommand) {
    const newOrderId = deterministicUuid(`order|${meta.commandId}`);
    const opened = await this.services.execute(serviceId, meta, 'RequestRenewal', async (now, state) => ({
      type: 'OpenRenewalOrder',
      data: { orderId: newOrderId, now, openOrderStatus: await this.services.openOrderStatus(state) },
    }));
    const service = opened.state;
    // A retried request answers about the order it opened, whatever became of that order since.
    const orderId = opened.replayed ? newOrderId : service.openOrderId;
    if (!orderId || !service.openOrderKind)
      throw new Error(`Service ${serviceId} has no open order after opening one`);
    const order = await this.runner.run({
      streamId: orderStream(orderId),
      decider: this.deciders.order,
      meta,
      commandName: 'RequestRenewal',
      command: (now) => ({
        type: 'RequestRenewal' as const,
        data: {
          orderId,
          serviceId,
          serviceName: service.name,
          customerId: service.customerId,
          kind: service.openOrderKind!,
          productCode: service.productCode,
          serviceExpiresAt: service.expiresAt,
          current: service.items,
          usersInUse: service.usersInUse,
          now,
        },
      }),
    });
    return { ...summarise(orderId, order), created: orderId === newOrderId };
  }
}
