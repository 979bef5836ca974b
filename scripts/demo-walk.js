// A scripted walk through the documented API of a running server (npm start): a demo customer renews a
// service, the back office registers the payment, then the customer area and the email show it.
// Usage: node scripts/demo-walk.js [baseUrl]   (default http://localhost:3000; DATA_DIR to find the emails)
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { apiClient } = require('./api-client');

const base = process.argv[2] || `http://localhost:${process.env.PORT || 3000}`;
const outbox = resolve(process.env.DATA_DIR || './data', 'outbox');

const { call, login } = apiClient(base, { log: true });

async function main() {
  const customer = await login('mario.rossi@demo.it');
  const backOffice = await login('backoffice@demo.it');
  const catalog = await call('GET', '/catalog');
  const services = await call('GET', '/me/services', customer);
  const service = services.find((s) => s.action === 'RENEW');
  if (!service)
    throw new Error('No demo service offers RENEW (was it renewed already? start on an empty DATA_DIR)');
  console.log(`  renewing "${service.name}", expiring ${service.expiresAt.slice(0, 10)}`);
  const order = await call('POST', `/me/services/${service.serviceId}/renewal`, customer);
  const path = `/me/orders/${order.orderId}`;
  await call('POST', `${path}/cart/storage`, customer, { packs: 1 });
  await call('PUT', `${path}/cart/agreement-code`, customer, { code: 'COMMERCIALISTI2026' });
  await call('POST', `${path}/checkout`, customer);
  await call('PUT', `${path}/payment-method`, customer, { method: 'BANK_TRANSFER' });
  await call('PUT', `${path}/term`, customer, { years: 2 });
  const consents = Object.fromEntries(
    Object.entries(catalog.consentDocuments).map(([type, doc]) => [type, doc.version]),
  );
  const confirmed = await call('POST', `${path}/confirmation`, customer, { consents });
  console.log(`  order ${confirmed.orderNumber}, total ${(confirmed.quote.grossCents / 100).toFixed(2)} EUR`);
  const payment = await call('POST', '/back-office/payments', backOffice, {
    orderNumber: confirmed.orderNumber,
    amountCents: confirmed.quote.grossCents,
    method: 'BANK_TRANSFER',
    transactionId: `CRO-${Date.now()}`,
  });
  console.log(`  payment ${payment.outcome}`);
  let renewed;
  for (let i = 0; i < 50 && !(renewed && renewed.openOrder === null); i++) {
    await new Promise((r) => setTimeout(r, 100));
    renewed = await call('GET', `/me/services/${service.serviceId}`, customer);
  }
  console.log(
    `  customer area: "${renewed.name}" now expires ${renewed.expiresAt.slice(0, 10)} (was ${service.expiresAt.slice(0, 10)}), storage ${renewed.addOns.storageGb} GB, action ${renewed.action}`,
  );
  const mine = (await call('GET', '/me/orders', customer)).find((o) => o.orderId === order.orderId);
  console.log(`  order ${mine.orderNumber}: ${mine.status}`);
  try {
    const emails = readdirSync(outbox)
      .map((file) => join(outbox, file))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
      .map((file) => [file, readFileSync(file, 'utf8')])
      .filter(([, text]) => text.includes(confirmed.orderNumber));
    for (const [file, text] of emails)
      console.log(
        `  email ${file}: ${((text.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m) || [])[1] || '').replace(/\r?\n[ \t]+/g, ' ')}`,
      );
  } catch {
    console.log(`  (no .eml files in ${outbox}: with SMTP_URL set, look in your mail catcher)`);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
