import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/platform';
import { NotFound, OpenOrderStatus } from '../domain';
import { CommandRunner } from '../application/command-runner';
import { StreamStates } from '../application/stream-states';
import { OrderSummary, summarise } from '../application/orders';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { orderStream, serviceStream } from '../application/streams';
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
    private readonly states: StreamStates,
  ) {}

  async execute({ serviceId, meta }: RequestRenewalCommand) {
    const newOrderId = deterministicUuid(`order|${meta.commandId}`);
    const { state: service } = await this.runner.run({
      streamId: serviceStream(serviceId),
      decider: this.deciders.service,
      meta,
      commandName: 'RequestRenewal',
      authorize: (state) => {
        const foreign = meta.actor.type === 'customer' && state.customerId !== meta.actor.id;
        if (!state.exists || foreign)
          throw new NotFound('SERVICE_NOT_FOUND', `Service ${serviceId} was not found.`);
      },
      command: async (now, state) => ({
        type: 'OpenRenewalOrder' as const,
        data: {
          orderId: newOrderId,
          now,
          openOrderStatus: state.openOrderId ? await this.statusOf(state.openOrderId) : null,
        },
      }),
    });
    const orderId = service.openOrderId;
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

  private async statusOf(orderId: string): Promise<OpenOrderStatus> {
    const { state } = await this.states.load(orderStream(orderId), this.deciders.order);
    return state.status === 'NONE' ? 'MISSING' : state.status;
  }
}
