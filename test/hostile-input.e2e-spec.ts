import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { demoServiceId } from '../apps/api/src/demo-data';
import { Api, forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const ORDER = '00000000-0000-4000-8000-000000000001';
const SERVICE = demoServiceId('rossi-studio');

/** Every route that takes a body, with a body it would otherwise accept the shape of. */
const BODY_ROUTES: Array<{ method: 'post' | 'put'; path: string; auth: 'customer' | 'back-office' | null }> =
  [
    { method: 'post', path: '/auth/login', auth: null },
    { method: 'post', path: `/me/orders/${ORDER}/cart/storage`, auth: 'customer' },
    { method: 'put', path: `/me/orders/${ORDER}/cart/extra-users`, auth: 'customer' },
    { method: 'put', path: `/me/orders/${ORDER}/cart/nso-module`, auth: 'customer' },
    { method: 'put', path: `/me/orders/${ORDER}/cart/agreement-code`, auth: 'customer' },
    { method: 'put', path: `/me/orders/${ORDER}/payment-method`, auth: 'customer' },
    { method: 'put', path: `/me/orders/${ORDER}/term`, auth: 'customer' },
    { method: 'put', path: `/me/orders/${ORDER}/auto-renew`, auth: 'customer' },
    { method: 'put', path: `/me/services/${SERVICE}/auto-renew`, auth: 'customer' },
    { method: 'post', path: `/me/orders/${ORDER}/confirmation`, auth: 'customer' },
    { method: 'post', path: `/me/orders/${ORDER}/cancellation`, auth: 'customer' },
    { method: 'post', path: '/back-office/payments', auth: 'back-office' },
    { method: 'post', path: `/back-office/orders/${ORDER}/cancellation`, auth: 'back-office' },
    { method: 'post', path: '/payments/provider-callback', auth: null },
  ];

const deepJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Hostile input answers 4xx problem details with a stable code, changes nothing and is never a crash. */
forEachEngine('hostile input (e2e)', (engine) => {
  let t: TestApp;
  let mario: Api;
  let backOffice: Api;
  const head = async () => (await t.http().get('/health').expect(200)).body.eventStore.headPosition as number;
  const send = (route: (typeof BODY_ROUTES)[number], body: string, contentType = 'application/json') => {
    const token =
      route.auth === 'customer' ? mario.token : route.auth === 'back-office' ? backOffice.token : null;
    let req: request.Test = t.http()[route.method](route.path).set('content-type', contentType);
    if (token) req = req.set('authorization', `Bearer ${token}`);
    return req.send(body);
  };
  const expectProblem = (response: request.Response, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toContain('application/problem+json');
  };

  beforeAll(async () => {
    t = await startTestApp({ now: TEST_NOW, engine, env: { PAYMENT_CALLBACK_SECRET: 'cb-secret' } });
    [mario, backOffice] = await Promise.all([t.login('mario.rossi@demo.it'), t.login('backoffice@demo.it')]);
  });
  afterAll(() => t.close());

  describe('bodies', () => {
    it('refuses a body nested 3,000 levels deep on every body route, before validation (400 JSON_TOO_DEEP)', async () => {
      const before = await head();
      for (const route of BODY_ROUTES) expectProblem(await send(route, deepJson(3000)), 400, 'JSON_TOO_DEEP');
      // Nesting a real request never needs is refused too; what the routes need passes.
      expectProblem(await send(BODY_ROUTES[0], deepJson(40)), 400, 'JSON_TOO_DEEP');
      expect(await head()).toBe(before);
    });

    it('refuses NUL characters and lone surrogates in any string, naming the field, on every engine alike', async () => {
      const before = await head();
      const login = await t
        .http()
        .post('/auth/login')
        .send({ username: 'mario\u0000@demo.it', password: 'demo1234' });
      expectProblem(login, 400, 'VALIDATION_FAILED');
      expect(login.body.errors).toEqual([{ field: 'username', reason: expect.stringContaining('NUL') }]);
      const reason = await mario
        .post(`/me/orders/${ORDER}/cancellation`, { reason: 'ho cambiato \ud800 idea' })
        .expect(400);
      expect(reason.body.errors).toEqual([{ field: 'reason', reason: expect.any(String) }]);
      const payment = await backOffice
        .post('/back-office/payments', {
          orderNumber: 'FE-2026-000001',
          amountCents: 100,
          method: 'BANK_TRANSFER',
          transactionId: 'TX\u0000-1',
        })
        .expect(400);
      expect(payment.body.errors).toEqual([{ field: 'transactionId', reason: expect.any(String) }]);
      const nested = await mario.put(`/me/services/${SERVICE}/auto-renew`, {
        method: 'PAYPAL',
        paypalEmail: 'a@b.it',
        years: 1,
        consents: { GENERAL_TERMS: '2026-03\u0000' },
      });
      expectProblem(nested, 400, 'VALIDATION_FAILED');
      expect(nested.body.errors[0].field).toBe('consents.GENERAL_TERMS');
      expect(await head()).toBe(before);
    });

    it('refuses prototype, constructor and __proto__ keys as it refuses any unknown key', async () => {
      for (const key of ['constructor', 'prototype', '__proto__']) {
        const response = await send(
          BODY_ROUTES[0],
          `{"username":"mario.rossi@demo.it","password":"demo1234","${key}":{"x":1}}`,
        );
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([{ field: key, reason: `property ${key} should not exist` }]);
      }
      const unknown = await t
        .http()
        .post('/auth/login')
        .send({ username: 'mario.rossi@demo.it', password: 'demo1234', admin: true });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.errors).toEqual([{ field: 'admin', reason: 'property admin should not exist' }]);
    });

    it('answers malformed JSON, another media type and an oversized body with codes of their own', async () => {
      expectProblem(await send(BODY_ROUTES[0], '{"username":'), 400, 'MALFORMED_JSON');
      expectProblem(await send(BODY_ROUTES[0], 'username=x', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(
        await send(BODY_ROUTES[0], 'username=x', 'application/x-www-form-urlencoded'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const big = JSON.stringify({ username: 'x'.repeat(70_000), password: 'y' });
      expectProblem(await send(BODY_ROUTES[0], big), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('paths', () => {
    it('refuses a non-UUID id, of any length, naming the parameter', async () => {
      for (const id of ['abc', 'a'.repeat(150), 'a'.repeat(1500)]) {
        const response = await mario.get(`/me/orders/${id}`);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([{ field: 'orderId', reason: 'orderId must be a UUID' }]);
      }
      const service = await mario.post('/me/services/not-a-uuid/renewal');
      expect(service.body.errors).toEqual([{ field: 'serviceId', reason: 'serviceId must be a UUID' }]);
    });

    it('answers a path segment too long for the router, a broken URL and an unknown route as problem details', async () => {
      const tooLong = await mario.get(`/me/orders/${'a'.repeat(3000)}`);
      expectProblem(tooLong, 414, 'URI_TOO_LONG');
      expect(tooLong.text).not.toContain('aaaaaaaaaa');
      expectProblem(await mario.get('/me/orders/%E0%A4%A'), 400, 'MALFORMED_URL');
      expectProblem(await t.http().get('/no/such/route'), 404, 'NOT_FOUND');
    });
  });
});
