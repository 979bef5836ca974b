import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { StoredEvent } from '@app/event-store';
import { CommandMeta, EventProcess, deterministicUuid } from '@app/platform';
import { OrderEvent } from '../domain';
import {
  ReleaseRenewalOrderCommand,
  RenewServiceCommand,
  SuspendAutoRenewCommand,
} from './renew-service.command';

/**
 * Payment registered -> renew the service; order cancelled or expired -> release the service's open-order
 * guard; auto-renewal charge declined -> suspend the service's auto-renew (the order now awaits payment).
 */
@Injectable()
export class RenewalProcess implements EventProcess {
  readonly name = 'process:renewal';

  constructor(private readonly commands: CommandBus) {}

  async handle(event: StoredEvent): Promise<void> {
    const meta = (step: string): CommandMeta => ({
      commandId: deterministicUuid(`${this.name}|${step}|${event.id}`),
      correlationId: event.metadata.correlationId,
      causationId: event.id,
      actor: { type: 'system', id: this.name },
    });
    const domainEvent = { type: event.type, data: event.data } as OrderEvent;
    switch (domainEvent.type) {
      case 'PaymentRegistered':
        await this.commands.execute(
          new RenewServiceCommand(
            domainEvent.data.orderId,
            new Date(domainEvent.data.registeredAt),
            meta('renew'),
          ),
        );
        return;
      case 'OrderCancelled':
        await this.commands.execute(
          new ReleaseRenewalOrderCommand(
            domainEvent.data.orderId,
            'CANCELLED',
            new Date(domainEvent.data.cancelledAt),
            meta('release'),
          ),
        );
        return;
      case 'OrderExpired':
        await this.commands.execute(
          new ReleaseRenewalOrderCommand(
            domainEvent.data.orderId,
            'EXPIRED',
            new Date(domainEvent.data.expiredAt),
            meta('release'),
          ),
        );
        return;
      case 'AutoRenewalChargeDeclined':
        await this.commands.execute(
          new SuspendAutoRenewCommand(
            domainEvent.data.serviceId,
            domainEvent.data.orderId,
            new Date(domainEvent.data.declinedAt),
            meta('suspend-auto-renew'),
          ),
        );
        return;
      default:
        return;
    }
  }
}
