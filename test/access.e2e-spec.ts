import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { DEMO_PASSWORD, demoCustomerId } from '../apps/api/src/demo-data';
import { forEachEngine, startTestApp, TEST_NOW, TestApp } from './support/test-app';

forEachEngine('access (e2e)', (engine) => {
  let t: TestApp;
  let backOfficeToken: string;
  const login = (username: string, password: string) =>
    t.http().post('/auth/login').send({ username, password });

  beforeEach(async () => {
    t = await startTestApp({
      now: TEST_NOW,
      engine,
      env: { LOGIN_LIMIT_PER_ACCOUNT: '5/60', LOGIN_LIMIT_PER_ADDRESS: '13/60' },
    });
    const session = await login('backoffice@demo.it', DEMO_PASSWORD).expect(200);
    expect(session.headers['cache-control']).toBe('no-store');
    backOfficeToken = session.body.accessToken;
  });
  afterEach(() => t.close());

  describe('login attempts', () => {
    it('limits attempts per account: past the limit even the right password waits (429, Retry-After)', async () => {
      for (let i = 0; i < 5; i++) await login('mario.rossi@demo.it', `wrong-${i}`).expect(401);
      const blocked = await login('mario.rossi@demo.it', DEMO_PASSWORD).expect(429);
      expect(blocked.headers['content-type']).toContain('application/problem+json');
      expect(blocked.body).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS', status: 429 });
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another account from the same address still logs in.
      await login('giulia.bianchi@demo.it', DEMO_PASSWORD).expect(200);
    });

    it('limits attempts per client address, whatever the usernames', async () => {
      // One attempt so far from this address (the back office's login); 12 more reach the limit of 13.
      for (let i = 0; i < 12; i++) await login(`nobody-${i}@demo.it`, 'x').expect(401);
      const blocked = await login('luca.verdi@demo.it', DEMO_PASSWORD).expect(429);
      expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(blocked.body.detail).toContain('this address');
    });
  });

  describe('tokens', () => {
    const sign = (claims: object, options: jwt.SignOptions) =>
      jwt.sign(
        {
          sub: demoCustomerId('mario.rossi@demo.it'),
          username: 'mario.rossi@demo.it',
          role: 'customer',
          ...claims,
        },
        'e2e-secret',
        { algorithm: 'HS256', ...options },
      );
    const me = (token: string) => t.http().get('/me/services').set('authorization', `Bearer ${token}`);

    it('accepts only tokens with an expiry, our issuer and our audience', async () => {
      await me(sign({}, { expiresIn: 60, issuer: 'rinnovo-fe', audience: 'rinnovo-fe-api' })).expect(200);
      for (const token of [
        sign({}, { issuer: 'rinnovo-fe', audience: 'rinnovo-fe-api' }), // never expires
        sign({}, { expiresIn: 60, audience: 'rinnovo-fe-api' }), // no issuer
        sign({}, { expiresIn: 60, issuer: 'someone-else', audience: 'rinnovo-fe-api' }),
        sign({}, { expiresIn: 60, issuer: 'rinnovo-fe', audience: 'another-api' }),
        sign({ role: 'admin' }, { expiresIn: 60, issuer: 'rinnovo-fe', audience: 'rinnovo-fe-api' }),
      ]) {
        const refused = await me(token).expect(401);
        expect(refused.body.code).toBe('UNAUTHORIZED');
      }
    });
  });

  describe('security headers', () => {
    it('sends a strict Content-Security-Policy, nosniff and no framing on pages and answers', async () => {
      for (const path of ['/', '/back-office', '/catalog', '/health']) {
        const response = await t.http().get(path).expect(200);
        const csp = response.headers['content-security-policy'];
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
      }
      const docs = await t.http().get('/docs').expect(200);
      expect(docs.headers['content-security-policy']).toContain("script-src 'self';");
    });

    it('forbids caching every customer-area, back-office and audit answer (and the login answer: see beforeAll)', async () => {
      const auth = { authorization: `Bearer ${backOfficeToken}` };
      for (const path of [
        '/back-office/dashboard',
        '/back-office/refunds',
        `/audit/customers/${demoCustomerId('mario.rossi@demo.it')}`,
      ])
        expect((await t.http().get(path).set(auth).expect(200)).headers['cache-control']).toBe('no-store');
      const refused = await t.http().get('/me/services').expect(401);
      expect(refused.headers['cache-control']).toBe('no-store');
    });
  });
});
