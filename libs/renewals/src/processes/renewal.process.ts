import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandMeta, EventProcess, ProjectedEvent, deterministicUuid } from '@app/platform';
import { OrderEvent } from '../domain';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { ReleaseRenewalOrderCommand } from '../release-renewal-order/release-renewal-order.command';
import { RenewServiceCommand } from '../renew-service/renew-service.command';
import { SuspendAutoRenewCommand } from '../suspend-auto-renew/suspend-auto-renew.command';

/**
 * Payment registered -> renew the service; order cancelled or expired -> release the service's open-order
 * guard; auto-renewal charge declined -> suspend the service's auto-renew (the order now awaits payment).
 */
@Injectable()
export class RenewalProcess implements EventProcess<OrderEvent> {
  readonly name = 'process:renewal';
  readonly events;
  readonly canHandle = [
    'PaymentRegistered',
    'OrderCancelled',
    'OrderExpired',
    'AutoRenewalChargeDeclined',
  ] as const;

  constructor(
    private readonly commands: CommandBus,
    @Inject(RENEWAL_CONTEXT) deciders: Deciders,
  ) {
    this.events = deciders.order.events;
  }

  async handle({ event, id, metadata }: ProjectedEvent<OrderEvent>): Promise<void> {
    const meta = (step: string): CommandMeta => ({
      commandId: deterministicUuid(`${this.name}|${step}|${id}`),
      correlationId: metadata.correlationId,
      causationId: id,
      actor: { type: 'system', id: this.name },
    });
    switch (event.type) {
      case 'PaymentRegistered':
        return this.commands.execute(
          new RenewServiceCommand(event.data.orderId, new Date(event.data.registeredAt), meta('renew')),
        );
      case 'OrderCancelled':
        return this.commands.execute(
          new ReleaseRenewalOrderCommand(
            event.data.orderId,
            'CANCELLED',
            new Date(event.data.cancelledAt),
            meta('release'),
          ),
        );
      case 'OrderExpired':
        return this.commands.execute(
          new ReleaseRenewalOrderCommand(
            event.data.orderId,
            'EXPIRED',
            new Date(event.data.expiredAt),
            meta('release'),
          ),
        );
      case 'AutoRenewalChargeDeclined':
        return this.commands.execute(
          new SuspendAutoRenewCommand(
            event.data.serviceId,
            event.data.orderId,
            new Date(event.data.declinedAt),
            meta('suspend-auto-renew'),
          ),
        );
      default:
        return;
    }
  }
}
