// Builds a realistic log for `npm run bench:scale` through the application's own command handlers, deciders
// and scheduler (not random rows): customers register, services are activated (as provisioning does), and
// each service lives its history up to now: manual renewals (cart changes, checkout, method, term,
// consents, confirmation, the payment registered by the back office), reactivations after expiry,
// auto-renewals charged by the scheduler, reminders and expiry notices, orders left open or cancelled,
// services that lapse. Time is each command's own (an AsyncLocalStorage clock), so customers run
// concurrently. What the renewal process would do after a payment (renew the service) runs here with the
// process's own command ids, so the process, catching up later, finds it done and appends nothing.
const { AsyncLocalStorage } = require('node:async_hooks');
const { randomUUID } = require('node:crypto');
const { NestFactory } = require('@nestjs/core');
const { CommandBus } = require('@nestjs/cqrs');
const { loadConfig } = require('../dist/apps/api/src/config');
const { AppModule } = require('../dist/apps/api/src/app.module');
const { EVENT_STORE } = require('../dist/libs/event-store/src');
const { deterministicUuid, hashPassword, registerAccount } = require('../dist/libs/platform/src');
const { orderStream, serviceStream } = require('../dist/libs/renewals/src');
const { ScheduledActions } = require('../dist/libs/renewals/src/scheduler/scheduled-actions');
const {
  RequestRenewalCommand,
} = require('../dist/libs/renewals/src/request-renewal/request-renewal.command');
const { ModifyCartCommand } = require('../dist/libs/renewals/src/modify-cart/modify-cart.command');
const { StartCheckoutCommand } = require('../dist/libs/renewals/src/start-checkout/start-checkout.command');
const {
  ChooseOrderOptionCommand,
} = require('../dist/libs/renewals/src/choose-order-options/choose-order-option.command');
const { ConfirmOrderCommand } = require('../dist/libs/renewals/src/confirm-order/confirm-order.command');
const { CancelOrderCommand } = require('../dist/libs/renewals/src/cancel-order/cancel-order.command');
const {
  RegisterPaymentCommand,
} = require('../dist/libs/renewals/src/register-payment/register-payment.command');
const { RenewServiceCommand } = require('../dist/libs/renewals/src/renew-service/renew-service.command');
const {
  SwitchAutoRenewOnCommand,
} = require('../dist/libs/renewals/src/switch-auto-renew/switch-auto-renew.command');
const {
  RecordBillingDetailsCommand,
} = require('../dist/libs/invoicing/src/record-billing-details/record-billing-details.command');
const { DURABLE_DB } = require('../dist/libs/platform/src/database/durable-db');
const { writeCheckpoint } = require('../dist/libs/platform/src/projections/checkpoints');
const { seedBenchUsers, serviceActivated } = require('./seed');

const DAY = 86400000;
const YEAR = 365 * DAY;

/** A small deterministic generator per customer: the same counts build the same history. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the log into the engines `env` names (DATA_DIR, and DATABASE_URL/DATABASE_SCHEMA for PostgreSQL)
 * with the API role (no projections run while it builds; they catch up when the bench starts the app).
 */
async function buildLog(env, { customers, flowCustomers, now = new Date(), onProgress = () => {} }) {
  const time = new AsyncLocalStorage();
  const clock = { now: () => time.getStore() ?? new Date() };
  const at = (date, work) => time.run(new Date(date), work);
  const config = loadConfig({ ...env, ROLE: 'api', SEED_DEMO_DATA: 'false', LOG_LEVEL: 'error' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { clock }), {
    logger: ['error'],
  });
  await app.init();
  const store = app.get(EVENT_STORE);
  const bus = app.get(CommandBus);
  const scheduler = app.get(ScheduledActions, { strict: false });
  const consents = Object.fromEntries(
    Object.entries(config.renewals.documents).map(([type, document]) => [type, document.version]),
  );
  const passwordHash = await hashPassword('bench');
  const counts = {
    customers: 0,
    services: 0,
    renewals: 0,
    reactivations: 0,
    autoRenewals: 0,
    openOrders: 0,
    cancelled: 0,
    lapsed: 0,
    billingDetails: 0,
  };

  const customerMeta = (customerId) => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { type: 'customer', id: customerId },
  });
  const backOffice = { type: 'back-office', id: deterministicUuid('bench|back-office') };

  /** The customer's renewal (or reactivation) from the cart to the confirmation: the confirmed order. */
  async function order(customerId, serviceId, t, rnd) {
    const meta = () => customerMeta(customerId);
    const { orderId } = await at(t, () => bus.execute(new RequestRenewalCommand(serviceId, meta())));
    if (rnd() < 0.5)
      await at(t, () =>
        bus.execute(new ModifyCartCommand(orderId, { type: 'IncreaseStorage', data: { packs: 1 } }, meta())),
      );
    if (rnd() < 0.3)
      await at(t, () =>
        bus.execute(
          new ModifyCartCommand(orderId, { type: 'SetNsoModule', data: { enabled: true } }, meta()),
        ),
      );
    if (rnd() < 0.2)
      await at(t, () =>
        bus.execute(
          new ModifyCartCommand(
            orderId,
            { type: 'SetExtraUsers', data: { extraUsers: 1 + Math.floor(rnd() * 3) } },
            meta(),
          ),
        ),
      );
    return { orderId };
  }

  async function checkoutAndConfirm(customerId, orderId, t, rnd) {
    const meta = () => customerMeta(customerId);
    await at(t, () => bus.execute(new StartCheckoutCommand(orderId, meta())));
    const method = rnd() < 0.7 ? 'BANK_TRANSFER' : 'POSTAL_SLIP';
    await at(t, () =>
      bus.execute(
        new ChooseOrderOptionCommand(orderId, { type: 'ChoosePaymentMethod', data: { method } }, meta()),
      ),
    );
    const years = rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * 2);
    if (years > 1)
      await at(t, () =>
        bus.execute(new ChooseOrderOptionCommand(orderId, { type: 'ChooseTerm', data: { years } }, meta())),
      );
    return at(t, () =>
      bus.execute(new ConfirmOrderCommand(orderId, { type: 'ConfirmOrder', data: { consents } }, meta())),
    );
  }

  /** The back office registers the transfer; the renewal process renews the service (its command ids). */
  async function pay(confirmed, method, t) {
    const registration = await at(t, () =>
      bus.execute(
        new RegisterPaymentCommand(
          confirmed.orderNumber,
          `CRO-${confirmed.orderNumber}`,
          confirmed.quote.grossCents,
          method,
          {
            commandId: randomUUID(),
            correlationId: randomUUID(),
            causationId: null,
            actor: backOffice,
          },
        ),
      ),
    );
    if (registration.outcome !== 'REGISTERED')
      throw new Error(
        `payment of ${confirmed.orderNumber}: ${registration.outcome} ${registration.refundReason ?? ''}`,
      );
    const [payment] = (await store.readStream(orderStream(confirmed.orderId))).filter(
      (e) => e.type === 'PaymentRegistered',
    );
    await at(t, () =>
      bus.execute(
        new RenewServiceCommand(confirmed.orderId, new Date(t), {
          commandId: deterministicUuid(`process:renewal|renew|${payment.id}`),
          correlationId: payment.metadata.correlationId,
          causationId: payment.id,
          actor: { type: 'system', id: 'process:renewal' },
        }),
      ),
    );
    return registration;
  }

  async function service(customerId, email, i, s, rnd) {
    const serviceId = deterministicUuid(`scale|service|${i}|${s}`);
    // Today's expiry: most ahead (up to a year), some just passed; one or two years of history before it.
    const lapsing = rnd() < 0.06;
    const currentExpiry = lapsing
      ? now.getTime() - (1 + rnd() * 80) * DAY
      : now.getTime() + (1 + rnd() * 364) * DAY;
    const cycles = rnd() < 0.3 ? 1 + (rnd() < 0.15 ? 1 : 0) : 0;
    const activatedAt = currentExpiry - (cycles + 1) * YEAR;
    const autoRenew = cycles > 0 && rnd() < 0.2;
    await store.append(
      serviceStream(serviceId),
      [
        serviceActivated({
          serviceId,
          customerId,
          name: `FE Cliente ${i} ${s + 1}`,
          email,
          activatedAt: new Date(activatedAt),
          expiresAt: new Date(activatedAt + YEAR),
        }),
      ],
      'no_stream',
    );
    counts.services++;
    // Most customers give the service's billing details soon after activation (a company with its
    // recipient code, or a private person with a PEC address), so that its payments are invoiced; a few
    // never do, and their payments wait uninvoiced, as the invoicing process refuses them.
    if (rnd() < 0.98) {
      const company = rnd() < 0.75;
      await at(activatedAt + DAY, () =>
        bus.execute(
          new RecordBillingDetailsCommand(
            serviceId,
            {
              holder: company
                ? { kind: 'company', name: `Cliente ${i} S.r.l.` }
                : { kind: 'person', firstName: 'Cliente', lastName: `Numero ${i}` },
              vatNumber: company ? '01234560157' : null,
              taxCode: company ? '01234560157' : 'RSSMRA85T10A562S',
              address: {
                street: `Via Roma ${1 + (i % 200)}`,
                postalCode: '20121',
                city: 'Milano',
                province: 'MI',
                country: 'IT',
              },
              publicBody: false,
              sdiCode: company ? 'M5UXCR1' : null,
              pec: company ? null : `cliente.${i}@pec.it`,
            },
            customerMeta(customerId),
          ),
        ),
      );
      counts.billingDetails++;
    }
    if (autoRenew)
      await at(activatedAt + 10 * DAY, () =>
        bus.execute(
          new SwitchAutoRenewOnCommand(
            serviceId,
            {
              method: 'CREDIT_CARD',
              card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2035, holder: `Cliente ${i}` },
            },
            1,
            consents,
            customerMeta(customerId),
          ),
        ),
      );
    for (let cycle = 0; cycle < cycles; cycle++) {
      const expiry = activatedAt + (cycle + 1) * YEAR;
      if (autoRenew) {
        // The scheduler charges the stored card before expiry and renews.
        await scheduler.runDue(serviceId, new Date(expiry - DAY));
        counts.autoRenewals++;
        continue;
      }
      const reactivate = rnd() < 0.2;
      const t = reactivate ? expiry + (5 + rnd() * 60) * DAY : expiry - (3 + rnd() * 40) * DAY;
      await scheduler.runDue(serviceId, new Date(t)); // reminders (and the expiry notice) as they fell due
      if (rnd() < 0.07) {
        // A cart thrown away, then a second go.
        const abandoned = await order(customerId, serviceId, t, rnd);
        await at(t, () =>
          bus.execute(new CancelOrderCommand(abandoned.orderId, null, customerMeta(customerId))),
        );
        counts.cancelled++;
      }
      const { orderId } = await order(customerId, serviceId, t, rnd);
      const confirmed = await checkoutAndConfirm(customerId, orderId, t, rnd);
      await pay(confirmed, confirmed.paymentMethod, t + DAY);
      if (reactivate) counts.reactivations++;
      else counts.renewals++;
    }
    // Today: some orders are open (a cart, or confirmed and awaiting the transfer).
    if (!lapsing && !autoRenew && currentExpiry - now.getTime() < 60 * DAY && rnd() < 0.3) {
      const t = now.getTime() - rnd() * 3 * DAY;
      await scheduler.runDue(serviceId, new Date(t));
      const { orderId } = await order(customerId, serviceId, t, rnd);
      if (rnd() < 0.6) await checkoutAndConfirm(customerId, orderId, t, rnd);
      counts.openOrders++;
    }
    if (lapsing) counts.lapsed++;
    // And the scheduler has run up to now: nothing is due when the bench starts the app.
    await scheduler.runDue(serviceId, now);
  }

  async function customer(i) {
    const rnd = random(i * 7919 + 17);
    const id = deterministicUuid(`scale|customer|${i}`);
    const email = `cliente.${i}@scala.it`;
    await registerAccount(
      store,
      { id, username: email, passwordHash, role: 'customer', displayName: `Cliente ${i}`, email },
      new Date(now.getTime() - 3 * YEAR),
    );
    counts.customers++;
    for (let s = 0; s < 2; s++) await service(id, email, i, s, rnd);
  }

  const CONCURRENCY = 64;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < customers) {
        const i = next++;
        await customer(i);
        if (i % 2000 === 0) onProgress({ ...counts, seconds: (performance.now() - started) / 1000 });
      }
    }),
  );
  // The flow bench's own customers, beside the big log.
  await seedBenchUsers(store, flowCustomers, passwordHash, now);
  const head = await store.headPosition();
  // The emails of this history went out when it happened: the notifier starts at the head, as it would
  // on a system that had been running (it is never rebuilt; everything else catches up from position 0).
  await writeCheckpoint(app.get(DURABLE_DB, { strict: false }), 'email-notifier', head);
  await app.close();
  return { ...counts, events: head, seconds: +((performance.now() - started) / 1000).toFixed(1) };
}

module.exports = { buildLog };
