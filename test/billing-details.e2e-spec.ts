import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { billingDetailsStream } from '@app/invoicing';
import { demoServiceId } from '../apps/api/src/demo-data';
import { Api, forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

forEachEngine('billing details (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  const studio = demoServiceId('rossi-studio');
  const path = `/me/services/${studio}/billing-details`;
  const recorded = async () =>
    (await t.app.get<EventStore>(EVENT_STORE).readStream(billingDetailsStream(studio))).map((e) => e.type);

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine });
    mario = await t.login('mario.rossi@demo.it');
  });
  afterEach(() => t.close());

  it('shows the seeded details and records a change as an event', async () => {
    const seeded = await mario.get(path).expect(200);
    expect(seeded.body.details).toMatchObject({
      holder: { kind: 'person', firstName: 'Mario', lastName: 'Rossi' },
      vatNumber: '09876540585',
      pec: 'mario.rossi@pec.it',
    });
    const changed = {
      ...seeded.body.details,
      holder: { kind: 'company', name: '  Studio Rossi S.r.l. ' },
      vatNumber: '01234567897',
      taxCode: '01234567897',
      sdiCode: 'm5uxcr1',
      pec: '',
    };
    const answer = await mario.put(path, changed).expect(200);
    expect(answer.body.details).toMatchObject({
      holder: { kind: 'company', name: 'Studio Rossi S.r.l.' },
      sdiCode: 'M5UXCR1',
      pec: null,
    });
    expect(answer.body.position).toEqual(expect.any(Number));
    expect(await recorded()).toEqual(['BillingDetailsRecorded', 'BillingDetailsRecorded']);
    // The same details again change nothing.
    expect((await mario.put(path, changed).expect(200)).body.position).toBeNull();
    expect(await recorded()).toHaveLength(2);
    expect((await mario.get(path).expect(200)).body.details.holder.name).toBe('Studio Rossi S.r.l.');
  });

  it('refuses every invalid field with its reason, and records nothing', async () => {
    const { details } = (await mario.get(path).expect(200)).body;
    const refused = await mario
      .put(path, {
        ...details,
        vatNumber: '09876543210',
        taxCode: 'RSSMRA85T10A562T',
        address: { ...details.address, postalCode: '201', province: null },
      })
      .expect(400);
    expect(refused.body.code).toBe('INVALID_BILLING_DETAILS');
    expect(refused.body.errors).toEqual([
      { field: 'vatNumber', reason: 'the Partita IVA’s check digit is wrong' },
      { field: 'taxCode', reason: 'the Codice Fiscale’s check character is wrong' },
      { field: 'address.postalCode', reason: 'a CAP is five digits' },
      {
        field: 'address.province',
        reason: 'an Italian address needs its province’s two letters (MI, RM, ...)',
      },
    ]);
    const malformed = await mario.put(path, { ...details, holder: { kind: 'nobody' } }).expect(400);
    expect(malformed.body.errors).toEqual([
      { field: 'holder.kind', reason: expect.stringContaining('kind must be one of') },
    ]);
    expect(await recorded()).toEqual(['BillingDetailsRecorded']);
  });

  it("answers 404 for another customer's service, reading or writing", async () => {
    const giulia = await t.login('giulia.bianchi@demo.it');
    const { details } = (await mario.get(path).expect(200)).body;
    expect((await giulia.get(path).expect(404)).body.code).toBe('SERVICE_NOT_FOUND');
    expect((await giulia.put(path, details).expect(404)).body.code).toBe('SERVICE_NOT_FOUND');
    expect(await recorded()).toEqual(['BillingDetailsRecorded']);
  });
});
