// Drives a running server (started with DEV_CLOCK=true on an empty DATA_DIR) through a scenario that
// records every kind of event the product has: renewal, reactivation, cart changes, warnings, cancellation,
// a refund, auto-renew switched on, a declined and an approved auto-renew charge, reminders, expiries,
// an unpaid order expiring, deletions. The checked-in fixture under test/fixtures/ was written this way by
// an older version of the server, so that the tests can prove today's code still reads its log.
// Usage: node scripts/make-legacy-fixture.js [baseUrl]
const { apiClient } = require('./api-client');

const base = process.argv[2] || `http://localhost:${process.env.PORT || 3000}`;

const { call, login } = apiClient(base);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const [mario, giulia, luca, office] = await Promise.all(
    ['mario.rossi@demo.it', 'giulia.bianchi@demo.it', 'luca.verdi@demo.it', 'backoffice@demo.it'].map(login),
  );
  const catalog = await call('GET', '/catalog');
  const consents = Object.fromEntries(
    Object.entries(catalog.consentDocuments).map(([type, doc]) => [type, doc.version]),
  );
  const byName = async (token, name) =>
    (await call('GET', '/me/services', token)).find((s) => s.name === name);
  const confirm = async (token, orderId, method, years, autoRenew = false) => {
    await call('POST', `/me/orders/${orderId}/checkout`, token);
    await call('PUT', `/me/orders/${orderId}/payment-method`, token, { method });
    if (years) await call('PUT', `/me/orders/${orderId}/term`, token, { years });
    if (autoRenew) await call('PUT', `/me/orders/${orderId}/auto-renew`, token, { enabled: true });
    return call('POST', `/me/orders/${orderId}/confirmation`, token, { consents });
  };
  const pay = (order, method, transactionId) =>
    call('POST', '/back-office/payments', office, {
      orderNumber: order.orderNumber,
      amountCents: order.quote.grossCents,
      method,
      transactionId,
    });

  // A renewal with every cart change, paid by bank transfer.
  const studio = await byName(mario, 'FE Studio Rossi');
  const renewal = await call('POST', `/me/services/${studio.serviceId}/renewal`, mario);
  const path = `/me/orders/${renewal.orderId}`;
  await call('POST', `${path}/cart/storage`, mario, { packs: 2 });
  await call('PUT', `${path}/cart/extra-users`, mario, { extraUsers: 1 });
  await call('PUT', `${path}/cart/nso-module`, mario, { enabled: true });
  await call('PUT', `${path}/cart/agreement-code`, mario, { code: 'COMMERCIALISTI2026' });
  const paidOrder = await confirm(mario, renewal.orderId, 'BANK_TRANSFER', 3);
  await pay(paidOrder, 'BANK_TRANSFER', 'CRO-FIXTURE-1');

  // A postal slip close to expiry (warnings), cancelled, then paid anyway: a refund.
  const srl = await byName(mario, 'FE Rossi S.r.l.');
  const late = await call('POST', `/me/services/${srl.serviceId}/renewal`, mario);
  const lateOrder = await confirm(mario, late.orderId, 'POSTAL_SLIP');
  await call('POST', `/me/orders/${late.orderId}/cancellation`, mario, { reason: 'Ho cambiato idea' });
  await pause(300);
  await pay(lateOrder, 'POSTAL_SLIP', 'BOLL-FIXTURE-1');

  // A reactivation by card with auto-renew chosen, left unpaid: it expires later.
  const ditta = await byName(giulia, 'FE Ditta Bianchi');
  const reactivation = await call('POST', `/me/services/${ditta.serviceId}/renewal`, giulia);
  await confirm(giulia, reactivation.orderId, 'CREDIT_CARD', 1, true);

  // Auto-renew switched on for the promotional service.
  const promo = await byName(luca, 'FE Verdi Promo');
  await call('PUT', `/me/services/${promo.serviceId}/auto-renew`, luca, {
    method: 'CREDIT_CARD',
    card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2031, holder: 'Luca Verdi' },
    years: 2,
    consents,
  });

  // Time passes: charges (one declined, one approved), reminders, expiries, the unpaid order, deletions.
  for (const days of [5, 48, 5, 26, 60]) {
    await call('POST', '/dev/clock/advance', office, { days });
    await pause(500);
  }
  await pause(1000);
  const head = (await call('GET', '/health')).eventStore.headPosition;
  console.log(`fixture written: ${head} events`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
