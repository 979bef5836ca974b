import { Inject, Injectable } from '@nestjs/common';
import { Transaction } from 'kysely';
import {
  APP_CONFIG,
  AccountEvent,
  AppConfig,
  PlatformTables,
  ProjectedEvent,
  Projection,
  accountEvents,
  deterministicUuid,
} from '@app/platform';
import { ERASED, combineDecoders } from '@app/kernel';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { RenewalEvent, renewalEvents } from '@app/renewals/domain';
import { NotifierTables } from './notifier.tables';
import {
  EmailContext,
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
  readonly tables = ['notifier_services', 'notifier_orders', 'notifier_customers', 'outbox'];
  readonly durable = true;
  /** The renewals' events, and the accounts' (for the holder's name in the greeting). */
  readonly events = combineDecoders(renewalEvents, accountEvents);

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicUrl'>,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Pick<Deciders, 'context'>,
  ) {}

  async reset(): Promise<void> {
    throw new Error('The email notifier is never rebuilt: its outbox says what was already sent.');
  }

  async apply(
    trx: Transaction<PlatformTables>,
    stored: ProjectedEvent<RenewalEvent | AccountEvent>,
  ): Promise<void> {
    const db = trx.withTables<NotifierTables>() as Trx;
    const { event } = stored;
    switch (event.type) {
      case 'AccountRegistered':
        await db
          .insertInto('notifier_customers')
          .values({ customer_id: event.data.accountId, name: event.data.displayName })
          .onConflict((oc) => oc.column('customer_id').doNothing())
          .execute();
        return;
      case 'UsernameClaimed':
        return;
      case 'PersonalDataErased':
        await this.erase(db, event.data.accountId);
        return;
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
        await this.queueToHolder(db, stored, event.data.serviceId, (name, ctx) =>
          orderConfirmedEmail(event.data, name, ctx),
        );
        return;
      }
      case 'AutoRenewalChargeDeclined':
        await this.queueToHolder(db, stored, event.data.serviceId, (name, ctx) =>
          autoRenewalDeclinedEmail(event.data, name, ctx),
        );
        return;
      case 'ServiceRenewed':
      case 'ServiceReactivated':
        await this.queueToHolder(db, stored, event.data.serviceId, (name, ctx) =>
          renewalCompletedEmail(event.data, name, event.type === 'ServiceReactivated', ctx),
        );
        return;
      case 'ExpiryReminderDue':
        await this.queueToHolder(db, stored, event.data.serviceId, (name, ctx) =>
          expiryReminderEmail(event.data, name, ctx),
        );
        return;
      case 'ServiceExpired':
        // Overtaken by a later milestone (e.g. already past the grace end): the notice would be untrue.
        if (event.data.notify === false) return;
        await this.queueToHolder(db, stored, event.data.serviceId, (name, ctx) =>
          expiryNoticeEmail(event.data, name, ctx),
        );
        return;
      case 'ServiceDeletionWarningDue':
        await this.queueToHolder(db, stored, event.data.serviceId, (name, ctx) =>
          deletionWarningEmail(event.data, name, ctx),
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
      case 'PaidOrderRefunded':
      case 'AutoRenewSwitchedOn':
      case 'AutoRenewSwitchedOff':
        return;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  /**
   * An erased customer (decisions.md #34): the names and addresses this notifier keeps are erased, and so
   * are the emails it decided for them (an email not sent yet is never sent). The rows stay, so that a
   * replay decides no email again.
   */
  private async erase(db: Trx, customerId: string): Promise<void> {
    const services = await db
      .selectFrom('notifier_services')
      .select('holder_email')
      .where('customer_id', '=', customerId)
      .execute();
    const addresses = [...new Set(services.map((s) => s.holder_email))].filter((a) => a !== ERASED);
    if (addresses.length > 0) {
      await db
        .updateTable('outbox')
        .set({ status: 'ERASED', last_error: null })
        .where('to_address', 'in', addresses)
        .where('status', '!=', 'SENT')
        .execute();
      await db
        .updateTable('outbox')
        .set({ to_address: ERASED, subject: ERASED, text_body: ERASED, html_body: ERASED })
        .where('to_address', 'in', addresses)
        .execute();
    }
    await db
      .updateTable('notifier_services')
      .set({ name: ERASED, holder_email: ERASED })
      .where('customer_id', '=', customerId)
      .execute();
    await db
      .updateTable('notifier_customers')
      .set({ name: ERASED })
      .where('customer_id', '=', customerId)
      .execute();
  }

  /** Queues the email for the holder's reference address of the service (none for a service never seen). */
  private async queueToHolder(
    db: Trx,
    event: ProjectedEvent<RenewalEvent | AccountEvent>,
    serviceId: string,
    render: (serviceName: string, ctx: EmailContext) => RenderedEmail,
  ): Promise<void> {
    const service = await db
      .selectFrom('notifier_services')
      .selectAll()
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    if (!service) return;
    const customer = await db
      .selectFrom('notifier_customers')
      .select('name')
      .where('customer_id', '=', service.customer_id)
      .executeTakeFirst();
    const ctx: EmailContext = {
      publicUrl: this.config.publicUrl,
      provider: this.deciders.context.payee,
      customerName: customer?.name ?? null,
    };
    await this.queue(db, event, service.holder_email, render(service.name, ctx));
  }

  private async queue(
    db: Trx,
    event: ProjectedEvent<RenewalEvent | AccountEvent>,
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
