import { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Accounts, CLOCK, Clock, Projections, deterministicUuid } from '@app/platform';
import {
  CONSENT_TYPES,
  ServiceEvent,
  StoredPaymentMethod,
  addDuration as addDays,
} from '@app/renewals/domain';
import { BillingDetails, billingDetailsEvents, billingDetailsStream } from '@app/invoicing';
import { Deciders, PAYMENT_GATEWAY, PaymentGateway, RENEWAL_CONTEXT, serviceStream } from '@app/renewals';

export const DEMO_PASSWORD = 'demo1234';

interface DemoService {
  key: string;
  name: string;
  productCode: 'FE-STANDARD' | 'FE-PROMO';
  expiresInDays: number;
  storagePacks: number;
  extraUsers: number;
  usersInUse: number;
  nso: boolean;
  autoRenew: boolean;
  /** Who its invoices are made out to (recorded as the service's first billing details). */
  billing: BillingDetails;
  /** With auto-renew on: the sandbox test card stored for it (see the README's test cards). */
  autoRenewCard?: string;
  note: string;
}

interface DemoCustomer {
  username: string;
  displayName: string;
  services: DemoService[];
}

const milano = (street: string) => ({
  street,
  postalCode: '20121',
  city: 'Milano',
  province: 'MI',
  country: 'IT',
});
const BIANCHI_BILLING: BillingDetails = {
  holder: { kind: 'company', name: 'Ditta Bianchi di Giulia Bianchi' },
  vatNumber: '11223340016',
  taxCode: 'BNCGLI82M45L219A',
  address: { street: 'Corso Francia 8', postalCode: '10138', city: 'Torino', province: 'TO', country: 'IT' },
  publicBody: false,
  sdiCode: 'KRRH6B9',
  pec: null,
};
const VERDI_BILLING: BillingDetails = {
  holder: { kind: 'company', name: 'Verdi Consulting S.a.s.' },
  vatNumber: '02468131004',
  taxCode: '02468131004',
  address: { street: 'Via Nazionale 20', postalCode: '00184', city: 'Roma', province: 'RM', country: 'IT' },
  publicBody: false,
  sdiCode: 'SUBM70N',
  pec: null,
};

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    username: 'mario.rossi@demo.it',
    displayName: 'Mario Rossi',
    services: [
      {
        key: 'rossi-studio',
        billing: {
          holder: { kind: 'person', firstName: 'Mario', lastName: 'Rossi' },
          vatNumber: '09876540585',
          taxCode: 'RSSMRA85T10A562S',
          address: milano('Via Garibaldi 12'),
          publicBody: false,
          sdiCode: null,
          pec: 'mario.rossi@pec.it',
        },
        name: 'FE Studio Rossi',
        productCode: 'FE-STANDARD',
        expiresInDays: 120,
        storagePacks: 0,
        extraUsers: 0,
        usersInUse: 1,
        nso: false,
        autoRenew: false,
        note: 'active, renew',
      },
      {
        key: 'rossi-srl',
        billing: {
          holder: { kind: 'company', name: 'Rossi S.r.l.' },
          vatNumber: '01234560157',
          taxCode: '01234560157',
          address: milano('Via Roma 1'),
          publicBody: false,
          sdiCode: 'M5UXCR1',
          pec: null,
        },
        name: 'FE Rossi S.r.l.',
        productCode: 'FE-STANDARD',
        expiresInDays: 10,
        storagePacks: 2,
        extraUsers: 2,
        usersInUse: 3,
        nso: true,
        autoRenew: false,
        note: 'expires within 15 days, NSO and extra users',
      },
    ],
  },
  {
    username: 'giulia.bianchi@demo.it',
    displayName: 'Giulia Bianchi',
    services: [
      {
        key: 'bianchi-ditta',
        billing: BIANCHI_BILLING,
        name: 'FE Ditta Bianchi',
        productCode: 'FE-STANDARD',
        expiresInDays: -20,
        storagePacks: 1,
        extraUsers: 1,
        usersInUse: 2,
        nso: false,
        autoRenew: false,
        note: 'expired 20 days ago, reactivate',
      },
      {
        key: 'bianchi-old',
        billing: BIANCHI_BILLING,
        name: 'FE Bianchi (vecchio)',
        productCode: 'FE-STANDARD',
        expiresInDays: -120,
        storagePacks: 0,
        extraUsers: 0,
        usersInUse: 1,
        nso: false,
        autoRenew: false,
        note: 'past the 90-day grace, deleted',
      },
    ],
  },
  {
    username: 'luca.verdi@demo.it',
    displayName: 'Luca Verdi',
    services: [
      {
        key: 'verdi-auto',
        billing: VERDI_BILLING,
        name: 'FE Verdi Consulting',
        productCode: 'FE-STANDARD',
        expiresInDays: 60,
        storagePacks: 1,
        extraUsers: 0,
        usersInUse: 1,
        nso: true,
        autoRenew: true,
        autoRenewCard: '4242424242424242',
        note: 'auto-renew on, card approved: charged 7 days before expiry',
      },
      {
        key: 'verdi-archivio',
        billing: VERDI_BILLING,
        name: 'FE Verdi Archivio',
        productCode: 'FE-STANDARD',
        expiresInDays: 12,
        storagePacks: 0,
        extraUsers: 1,
        usersInUse: 2,
        nso: false,
        autoRenew: true,
        autoRenewCard: '4000000000000002',
        note: 'auto-renew on, card declined: the charge becomes an order awaiting payment',
      },
      {
        key: 'verdi-promo',
        billing: {
          holder: { kind: 'person', firstName: 'Luca', lastName: 'Verdi' },
          vatNumber: null,
          taxCode: 'VRDLCU80A01H501G',
          address: {
            street: 'Via Appia Nuova 40',
            postalCode: '00183',
            city: 'Roma',
            province: 'RM',
            country: 'IT',
          },
          publicBody: false,
          sdiCode: null,
          pec: null,
        },
        name: 'FE Verdi Promo',
        productCode: 'FE-PROMO',
        expiresInDays: 45,
        storagePacks: 0,
        extraUsers: 0,
        usersInUse: 1,
        nso: false,
        autoRenew: false,
        note: 'promotional: 1-2 years',
      },
    ],
  },
];

export const DEMO_BACK_OFFICE = { username: 'backoffice@demo.it', displayName: 'Ufficio amministrazione' };

export const demoCustomerId = (username: string) => deterministicUuid(`demo|customer|${username}`);
export const demoServiceId = (key: string) => deterministicUuid(`demo|service|${key}`);

/**
 * Seeds an empty store with customers and services in every state the customer area shows. Safe when
 * several processes seed at once: event ids are fixed (a second append is a retry) and accounts are kept.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<boolean> {
  const store = app.get<EventStore>(EVENT_STORE);
  const accounts = app.get(Accounts);
  if ((await store.headPosition()) > 0) return false;
  const now = app.get<Clock>(CLOCK).now();
  const gateway = app.get<PaymentGateway>(PAYMENT_GATEWAY);
  const { documents } = app.get<Deciders>(RENEWAL_CONTEXT).context;
  const storedCard = async (
    customerId: string,
    holder: string,
    number: string,
  ): Promise<StoredPaymentMethod> => {
    const expiryYear = now.getUTCFullYear() + 5;
    const result = await gateway.storePaymentMethod(
      customerId,
      { method: 'CREDIT_CARD', card: { number, expiryMonth: 12, expiryYear, holder } },
      now,
    );
    if (result.outcome !== 'STORED') throw new Error(`demo card ${number} refused: ${result.code}`);
    return result.stored;
  };
  for (const customer of DEMO_CUSTOMERS) {
    const customerId = demoCustomerId(customer.username);
    await accounts.create({
      id: customerId,
      username: customer.username,
      password: DEMO_PASSWORD,
      role: 'customer',
      displayName: customer.displayName,
      email: customer.username,
    });
    for (const service of customer.services) {
      const serviceId = demoServiceId(service.key);
      const event: ServiceEvent = {
        type: 'ServiceActivated',
        data: {
          serviceId,
          customerId,
          name: service.name,
          holderEmail: customer.username,
          productCode: service.productCode,
          promotional: service.productCode === 'FE-PROMO',
          activatedAt: addDays(now, service.expiresInDays - 365).toISOString(),
          expiresAt: addDays(now, service.expiresInDays).toISOString(),
          storagePacks: service.storagePacks,
          extraUsers: service.extraUsers,
          usersInUse: service.usersInUse,
          nso: service.nso,
          autoRenew: service.autoRenew,
          ...(service.autoRenewCard
            ? {
                autoRenewPayment: await storedCard(customerId, customer.displayName, service.autoRenewCard),
                autoRenewYears: 1,
                autoRenewConsents: CONSENT_TYPES.map((type) => ({
                  type,
                  documentVersion: documents[type].version,
                  acceptedAt: addDays(now, service.expiresInDays - 365).toISOString(),
                })),
              }
            : {}),
        },
      };
      await store.append(
        serviceStream(serviceId),
        [
          {
            id: deterministicUuid(`demo|event|${service.key}`),
            type: event.type,
            data: event.data,
            metadata: {
              correlationId: 'demo-seed',
              causationId: null,
              commandId: `demo-seed-${serviceId}`,
              actor: { type: 'system', id: 'demo-seed' },
              command: 'SeedDemoData',
            },
          },
        ],
        'no_stream',
      );
      await store.append(
        billingDetailsStream(serviceId),
        [
          {
            id: deterministicUuid(`demo|billing|${service.key}`),
            type: 'BillingDetailsRecorded',
            data: { serviceId, customerId, details: service.billing, recordedAt: now.toISOString() },
            metadata: {
              correlationId: 'demo-seed',
              causationId: null,
              commandId: `demo-seed-billing-${serviceId}`,
              actor: { type: 'system', id: 'demo-seed' },
              command: 'SeedDemoData',
              schemaVersion: billingDetailsEvents.versions.BillingDetailsRecorded,
            },
          },
        ],
        'no_stream',
      );
    }
  }
  const last = await accounts.create({
    id: deterministicUuid('demo|back-office'),
    username: DEMO_BACK_OFFICE.username,
    password: DEMO_PASSWORD,
    role: 'back-office',
    displayName: DEMO_BACK_OFFICE.displayName,
    email: DEMO_BACK_OFFICE.username,
  });
  // Seeded means the demo logins and services can be used: the read models built in this process hold them.
  const projections = app.get(Projections);
  for (const name of projections.rebuildable.filter((n) => projections.runsHere(n)))
    await projections.waitFor(name, last, SEEDED_WAIT_MS);
  return true;
}

/** How long the seeding waits for the read models (a slow machine's first batches); then it goes on. */
const SEEDED_WAIT_MS = 10_000;
