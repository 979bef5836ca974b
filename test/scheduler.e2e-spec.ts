import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { RenewalScheduler } from '@app/renewals';
import { OutboxSender } from '@app/notifier';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { demoServiceId } from '../apps/api/src/demo-data';
import {
  Api,
  eventually,
  forEachEngine,
  renewAndConfirm,
  startTestApp,
  TEST_NOW,
  TestApp,
} from './support/test-app';

forEachEngine('scheduled rules (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;

  beforeEach(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, env: { DEV_CLOCK: 'true' } });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
  });
  afterEach(() => t.close());

  it('on a first run states the days really left, and tells a service deleted long ago nothing', async () => {
    await t.app.get(RenewalScheduler).tick();
    await t.settle();
    await t.app.get(OutboxSender).drain();
    const subjects = (to: string) =>
      t.smtp
        .to(to)
        .map((m) => m.subject ?? '')
        .sort();
    await eventually(() =>
      expect(subjects('luca.verdi@demo.it')).toEqual(
        expect.arrayContaining([
          'Promemoria: FE Verdi Consulting scade tra 60 giorni', // due in 60 days: the 90-day reminder, late
          'Promemoria: FE Verdi Archivio scade tra 12 giorni', // due in 12 days: the 30-day one, the 90-day one skipped
          'Promemoria: FE Verdi Promo scade tra 45 giorni',
        ]),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // FE Bianchi (vecchio) expired 120 days ago and was deleted 30 days ago: no notice says "reactivate".
    expect(subjects('giulia.bianchi@demo.it').filter((s) => s.includes('vecchio'))).toEqual([]);
    expect(subjects('giulia.bianchi@demo.it')).toEqual(['FE Ditta Bianchi è scaduto: puoi riattivarlo']);
    const old = await t.app
      .get<EventStore>(EVENT_STORE)
      .readStream(`service-${demoServiceId('bianchi-old')}`);
    expect(old.map((e) => e.type)).toEqual([
      'ServiceActivated',
      'ExpiryReminderSkipped',
      'ExpiryReminderSkipped',
      'ExpiryReminderSkipped',
      'ServiceExpired',
      'ServiceDeletionWarningSkipped',
      'ServiceDeleted',
    ]);
  });

  it('expires an unpaid order once at its payBy, frees the service and refunds a late payment', async () => {
    const serviceId = demoServiceId('rossi-studio');
    const { orderId, confirmed } = await renewAndConfirm(t, mario, 'rossi-studio');
    const order = (await mario.get(`/me/orders/${orderId}`, confirmed.position).expect(200)).body;
    expect(order.payBy).toBe('2026-12-25T10:00:00.000Z');
    const scheduler = t.app.get(RenewalScheduler);
    await eventually(async () =>
      expect((await backOffice.post('/dev/scheduler/run').expect(200)).body.expiredOrders).toBe(0),
    );

    // One millisecond before payBy nothing happens; at payBy the order expires, once.
    t.clock.set(new Date('2026-12-25T09:59:59.999Z'));
    expect((await scheduler.tick()).expiredOrders).toBe(0);
    t.clock.set(new Date('2026-12-25T10:00:00.000Z'));
    expect((await scheduler.tick()).expiredOrders).toBe(1);
    expect((await scheduler.tick()).expiredOrders).toBe(0);

    const service = await eventually(async () => {
      const body = (await mario.get(`/me/services/${serviceId}`).expect(200)).body;
      expect(body.openOrder).toBeNull();
      return body;
    });
    expect(service.action).toBe('RENEW');
    expect((await mario.get(`/me/orders/${orderId}`).expect(200)).body.status).toBe('EXPIRED');
    const late = await backOffice
      .post('/back-office/payments', {
        orderNumber: confirmed.orderNumber,
        amountCents: confirmed.quote.grossCents,
        method: 'BANK_TRANSFER',
        transactionId: 'LATE-9',
      })
      .expect(200);
    expect(late.body).toMatchObject({ outcome: 'REFUND_DUE', refundReason: 'ORDER_EXPIRED' });
    await mario.post(`/me/services/${serviceId}/renewal`).expect(201);
  });

  it('lets the back office move the dev clock forward, which runs the scheduler', async () => {
    const before = (await backOffice.get('/dev/clock').expect(200)).body.now;
    const moved = (await backOffice.post('/dev/clock/advance', { days: 2 }).expect(200)).body;
    expect(Date.parse(moved.now) - Date.parse(before)).toBe(2 * 86_400_000);
    expect(moved.expiredOrders).toBe(0);
    await mario.post('/dev/clock/advance', { days: 1 }).expect(403);
    await backOffice.post('/dev/clock/advance', { days: 0 }).expect(400);
  });

  it('reminds before expiry, notices the expiry, warns before deletion and deletes at the grace end, each once', async () => {
    const serviceId = demoServiceId('rossi-studio');
    const expiresAt = new Date((await mario.get(`/me/services/${serviceId}`).expect(200)).body.expiresAt); // TEST_NOW + 120 days
    const day = 86_400_000;
    const scheduler = t.app.get(RenewalScheduler);
    const studioMails = () =>
      t.smtp
        .to('mario.rossi@demo.it')
        .map((m) => m.subject ?? '')
        .filter((subject) => subject.includes('FE Studio Rossi'));
    const at = async (offsetDays: number) => {
      t.clock.set(new Date(expiresAt.getTime() + offsetDays * day));
      await scheduler.tick();
      await scheduler.tick(); // a second run at the same moment records nothing more
    };

    await at(-90);
    await eventually(() =>
      expect(studioMails()).toEqual(['Promemoria: FE Studio Rossi scade tra 90 giorni']),
    );
    await at(-7); // the 30-day reminder is covered by the nearer 7-day one
    await at(0);
    await at(90 - 15);
    await at(90);
    await eventually(() =>
      expect(studioMails()).toEqual([
        'Promemoria: FE Studio Rossi scade tra 90 giorni',
        'Promemoria: FE Studio Rossi scade tra 7 giorni',
        'FE Studio Rossi è scaduto: puoi riattivarlo',
        'Ultimo avviso: FE Studio Rossi sarà cancellato',
      ]),
    );
    const notice = t.smtp
      .to('mario.rossi@demo.it')
      .find((m) => m.subject === 'FE Studio Rossi è scaduto: puoi riattivarlo')!;
    expect(notice.text).toContain('Puoi riattivarlo fino al');
    expect((await mario.get(`/me/services/${serviceId}`).expect(200)).body.action).toBe('NONE_DELETED');
    const refused = await mario.post(`/me/services/${serviceId}/renewal`).expect(422);
    expect(refused.body.code).toBe('SERVICE_PAST_GRACE_PERIOD');
    const types = (await t.app.get<EventStore>(EVENT_STORE).readStream(`service-${serviceId}`)).map(
      (e) => e.type,
    );
    expect(
      types.filter((type) =>
        ['ExpiryReminderDue', 'ServiceExpired', 'ServiceDeletionWarningDue', 'ServiceDeleted'].includes(type),
      ),
    ).toEqual([
      'ExpiryReminderDue',
      'ExpiryReminderDue',
      'ServiceExpired',
      'ServiceDeletionWarningDue',
      'ServiceDeleted',
    ]);
  });
});
