// The bench's flow customers (cliente<i>@bench.it, two services each) and its back-office user, with
// deterministic ids: bench/app-server.js seeds them on a fresh log, bench/scale-build.js beside a big one.
const { randomUUID } = require('node:crypto');
const { deterministicUuid, registerAccount } = require('../dist/libs/platform/src');
const { serviceStream } = require('../dist/libs/renewals/src');
const { billingDetailsEvents, billingDetailsStream } = require('../dist/libs/invoicing/src');

/** The flow customers' usernames and service ids (what the load generator needs), without writing anything. */
function benchUsers(customers) {
  return Array.from({ length: customers }, (_, i) => ({
    id: deterministicUuid(`bench|customer|${i}`),
    username: `cliente${i}@bench.it`,
    services: [0, 1].map((s) => deterministicUuid(`bench|service|${i}|${s}`)),
  }));
}

/** Registers the flow customers with two active services each, and the back office: the last position. */
async function seedBenchUsers(store, customers, passwordHash, now = new Date()) {
  const users = benchUsers(customers);
  for (const [i, user] of users.entries()) {
    await registerAccount(
      store,
      {
        id: user.id,
        username: user.username,
        passwordHash,
        role: 'customer',
        displayName: user.username,
        email: user.username,
      },
      now,
    );
    for (const [s, serviceId] of user.services.entries()) {
      await store.append(
        serviceStream(serviceId),
        [
          serviceActivated({
            serviceId,
            customerId: user.id,
            name: `FE bench ${i}-${s}`,
            email: user.username,
            activatedAt: new Date(now.getTime() - 100 * 86400000),
            expiresAt: new Date(now.getTime() + 265 * 86400000),
          }),
        ],
        'no_stream',
      );
      // Every paid order is invoiced (the invoicing process, the SdI sending, the invoice's email), as
      // for a real customer: without billing details the invoicing refuses, and the flow measured less.
      await store.append(
        billingDetailsStream(serviceId),
        [billingDetailsRecorded(serviceId, user.id, i, now)],
        'no_stream',
      );
    }
  }
  return registerAccount(
    store,
    {
      id: deterministicUuid('bench|back-office'),
      username: 'bo@bench.it',
      passwordHash,
      role: 'back-office',
      displayName: 'bo',
      email: 'bo@bench.it',
    },
    now,
  );
}

/** A service as the provisioning system activates it (there is no command for it: the demo data does the same). */
function serviceActivated({
  serviceId,
  customerId,
  name,
  email,
  activatedAt,
  expiresAt,
  productCode = 'FE-STANDARD',
}) {
  return {
    id: randomUUID(),
    type: 'ServiceActivated',
    data: {
      serviceId,
      customerId,
      name,
      holderEmail: email,
      productCode,
      promotional: false,
      activatedAt: activatedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      storagePacks: 0,
      extraUsers: 0,
      usersInUse: 1,
      nso: false,
      autoRenew: false,
    },
    metadata: {
      correlationId: `activation:${serviceId}`,
      causationId: null,
      commandId: randomUUID(),
      actor: { type: 'system', id: 'provisioning' },
    },
  };
}

/** The billing details a bench customer recorded for a service: a company with its SdI code. */
function billingDetailsRecorded(serviceId, customerId, i, now) {
  return {
    id: deterministicUuid(`bench|billing|${serviceId}`),
    type: 'BillingDetailsRecorded',
    data: {
      serviceId,
      customerId,
      details: {
        holder: { kind: 'company', name: `Bench ${i} S.r.l.` },
        vatNumber: '01234560157',
        taxCode: '01234560157',
        address: { street: 'Via Roma 1', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
        publicBody: false,
        sdiCode: 'M5UXCR1',
        pec: null,
      },
      recordedAt: now.toISOString(),
    },
    metadata: {
      correlationId: `bench-billing:${serviceId}`,
      causationId: null,
      commandId: randomUUID(),
      actor: { type: 'customer', id: customerId },
      schemaVersion: billingDetailsEvents.versions.BillingDetailsRecorded,
    },
  };
}

module.exports = { benchUsers, seedBenchUsers, serviceActivated };
