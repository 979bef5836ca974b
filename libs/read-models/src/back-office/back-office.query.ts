import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DB, ReadModelDb } from '@app/platform';
import { Deciders, RENEWAL_CONTEXT } from '@app/renewals';
import { ONLINE_METHODS, PaymentMethod, REGISTRATION_TIMES, calendarOf } from '@app/renewals/domain';
import { BackOfficeTables } from './back-office.tables';

@Injectable()
export class BackOfficeQuery {
  private readonly db;
  private readonly calendar;

  constructor(@Inject(READ_MODEL_DB) db: ReadModelDb, @Inject(RENEWAL_CONTEXT) deciders: Deciders) {
    this.db = db.withTables<BackOfficeTables>();
    this.calendar = calendarOf(deciders.context.policy);
  }

  /**
   * Confirmed orders awaiting payment, oldest first, each with its age against the method's registration
   * time: `late` when, had the customer paid on confirmation, the payment would have been registered by now.
   */
  async awaitingPayment(now: Date, offlineOnly: boolean) {
    let query = this.db.selectFrom('bo_open_orders').selectAll().orderBy('confirmed_at');
    if (offlineOnly) query = query.where('payment_method', 'not in', [...ONLINE_METHODS]);
    const rows = await query.execute();
    return rows.map((row) => {
      const method = row.payment_method as PaymentMethod;
      const confirmedAt = new Date(row.confirmed_at);
      const registration = REGISTRATION_TIMES[method];
      return {
        orderId: row.order_id,
        orderNumber: row.order_number,
        customerId: row.customer_id,
        serviceId: row.service_id,
        paymentMethod: method,
        amountCents: row.amount_cents,
        confirmedAt: row.confirmed_at,
        payBy: row.pay_by,
        ageDays: Math.floor((now.getTime() - confirmedAt.getTime()) / 86_400_000),
        ageWorkingDays: this.calendar.workingDaysBetween(confirmedAt, now),
        registration,
        late:
          now.getTime() >
          this.calendar.endOfWorkingDaysAfter(confirmedAt, registration.maxWorkingDays).getTime(),
      };
    });
  }

  async refunds() {
    const rows = await this.db.selectFrom('bo_refunds').selectAll().orderBy('registered_at').execute();
    return rows.map((row) => ({
      transactionId: row.transaction_id,
      orderId: row.order_id,
      orderNumber: row.order_number,
      amountCents: row.amount_cents,
      method: row.method,
      reason: row.reason,
      registeredAt: row.registered_at,
    }));
  }
}
