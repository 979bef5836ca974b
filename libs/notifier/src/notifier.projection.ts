import { Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import { PlatformTables, ProjectedEvent, Projection, deterministicUuid } from '@app/platform';
import { RenewalEvent, renewalEvents } from '@app/renewals/domain';
import { NotifierTables } from './notifier.tables';
import {
  RenderedEmail,
  autoRenewalDeclinedEmail,
  deletionWarningEmail,
  expiryNoticeEmail,
  expiryReminderEmail,
  orderConfirmedEmail,
  renewalCompletedEmail,
} from './email-templates';

type Trx = Transaction<PlatformTables & NotifierTables>;

/**
 * Decides which emails the events ask for and queues each once: the outbox row's id comes from the
 * triggering event and the template, and it is written in the same transaction as the notifier's
 * checkpoint. A reactor, not a read model: its tables and checkpoint are in the durable state beside the
 * log, so a rebuild of the read models never decides (or sends) an email again. It keeps the holder's
 * reference address per service, so it depends on no read model.
 */
@Injectable()
export class NotifierProjection implements Projection {
  readonly name = 'email-notifier';
  readonly durable = true;
  readonly events = renewalEvents;

  async reset(): Promise<void> {
    throw new Error('The email notifier is never rebuilt: its outbox says what was already sent.');
  }

  async apply(trx: Transaction<PlatformTables>, stored: ProjectedEvent<RenewalEvent>): Promise<void> {
    const db = trx.withTables<NotifierTables>() as Trx;
    const { event } = stored;
    switch (event.type) {
      case 'ServiceActivated':
        await db
          .insertInto('notifier_services')
          .values({
            service_id: event.data.serviceId,
            customer_id: event.data.customerId,
            name: event.data.name,
            holder_email: event.data.holderEmail,
          })
          .onConflict((oc) => oc.column('service_id').doNothing())
          .execute();
        return;
      case 'RenewalRequested':
        await db
          .insertInto('notifier_orders')
          .values({ order_id: event.data.orderId, service_id: event.data.serviceId, order_number: null })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .execute();
        return;
      case 'OrderConfirmed': {
        await db
          .updateTable('notifier_orders')
          .set({ order_number: event.data.orderNumber })
          .where('order_id', '=', event.data.orderId)
          .execute();
        // An auto-renewal order is charged at once: the customer hears of it when it is paid or declined.
        if (event.data.origin === 'AUTO_RENEW') return;
        await this.queueToHolder(db, stored, event.data.serviceId, (name) =>
          orderConfirmedEmail(event.data, name),
        );
        return;
      }
      case 'AutoRenewalChargeDeclined':
        await this.queueToHolder(db, stored, event.data.serviceId, (name) =>
          autoRenewalDeclinedEmail(event.data, name),
        );
        return;
      case 'ServiceRenewed':
      case 'ServiceReactivated':
        await this.queueToHolder(db, stored, event.data.serviceId, (name) =>
          renewalCompletedEmail(event.data, name, event.type === 'ServiceReactivated'),
        );
        return;
      case 'ExpiryReminderDue':
        await this.queueToHolder(db, stored, event.data.serviceId, (name) =>
          expiryReminderEmail(event.data, name),
        );
        return;
      case 'ServiceExpired':
        // Overtaken by a later milestone (e.g. already past the grace end): the notice would be untrue.
        if (event.data.notify === false) return;
        await this.queueToHolder(db, stored, event.data.serviceId, (name) =>
          expiryNoticeEmail(event.data, name),
        );
        return;
      case 'ServiceDeletionWarningDue':
        await this.queueToHolder(db, stored, event.data.serviceId, (name) =>
          deletionWarningEmail(event.data, name),
        );
        return;
      case 'ExpiryReminderSkipped':
      case 'ServiceDeletionWarningSkipped':
      case 'ServiceDeleted':
      case 'RenewalOrderOpened':
      case 'RenewalOrderReleased':
      case 'CartModified':
      case 'CheckoutStarted':
      case 'PaymentMethodChosen':
      case 'TermChosen':
      case 'AutoRenewChosen':
      case 'ConsentsRecorded':
      case 'OrderCancelled':
      case 'OrderExpired':
      case 'OnlinePaymentDeclined': // the customer is on the pay page and sees it there
      case 'PaymentRegistered':
      case 'PaymentRefundDue':
      case 'PaymentRefunded':
      case 'AutoRenewSwitchedOn':
      case 'AutoRenewSwitchedOff':
        return;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  /** Queues the email for the holder's reference address of the service (none for a service never seen). */
  private async queueToHolder(
    db: Trx,
    event: ProjectedEvent<RenewalEvent>,
    serviceId: string,
    render: (serviceName: string) => RenderedEmail,
  ): Promise<void> {
    const service = await db
      .selectFrom('notifier_services')
      .selectAll()
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    if (service) await this.queue(db, event, service.holder_email, render(service.name));
  }

  private async queue(
    db: Trx,
    event: ProjectedEvent<RenewalEvent>,
    to: string,
    email: RenderedEmail,
  ): Promise<void> {
    await db
      .insertInto('outbox')
      .values({
        id: deterministicUuid(`email|${event.id}|${email.template}`),
        event_id: event.id,
        template: email.template,
        to_address: to,
        subject: email.subject,
        text_body: email.text,
        html_body: email.html,
        created_at: event.recordedAt,
        status: 'PENDING',
        attempts: 0,
        next_attempt_at: event.recordedAt,
        last_error: null,
        sent_at: null,
      })
      .onConflict((oc) => oc.columns(['event_id', 'template']).doNothing())
      .execute();
  }
}
