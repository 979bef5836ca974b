import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { BusinessRuleViolation } from '@app/kernel';
import {
  CLOCK,
  Clock,
  CommandMeta,
  PERSONAL_DATA,
  PersonalDataProtection,
  recordErasure,
} from '@app/platform';
import { Deciders, RENEWAL_CONTEXT, StreamStates } from '@app/renewals';
import { CustomerAreaQuery } from '../customer-area/customer-area.query';
import { CustomerErasedDto } from './erase-customer.dto';

/**
 * The back office erases a customer's personal data on their request (GDPR art. 17; decisions.md #34).
 * Not while a service of theirs runs or may still be reactivated: the contract needs the data until the
 * service's data is deleted at the end of its grace. Their invoices stay, as fiscal records, for ten
 * years; every other reader sees them with the buyer erased.
 */
const DAY_MS = 86_400_000;

@Injectable()
export class EraseCustomer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly protection: PersonalDataProtection,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly states: StreamStates,
    private readonly customerArea: CustomerAreaQuery,
  ) {}

  async erase(customerId: string, reason: string, meta: CommandMeta): Promise<CustomerErasedDto> {
    const now = this.clock.now();
    for (const { serviceId } of await this.customerArea.services(customerId, now)) {
      const service = await this.states.stateOf(this.deciders.services, serviceId);
      if (service.exists && !service.deleted) {
        const graceEnds = new Date(
          service.expiresAt.getTime() + this.deciders.context.policy.graceDays * DAY_MS,
        );
        throw new BusinessRuleViolation(
          'SERVICE_NOT_ENDED',
          `Service ${serviceId} is still running or may be reactivated until ${graceEnds.toISOString()}: its holder's data is erased once its data is deleted.`,
        );
      }
    }
    const erased = await recordErasure(
      this.store,
      { accountId: customerId, reason },
      { ...meta, command: 'ErasePersonalData' },
      now,
    );
    await this.protection.erase(customerId, new Date(erased.erasedAt));
    return { customerId, ...erased };
  }
}
