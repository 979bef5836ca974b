import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import Fastify, { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { helmetHeaders, registerSecurityHeaders } from './security-headers';

const STRICT =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';font-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

/** What helmet's own middleware leaves on a real response, names lower-cased. */
function setByHelmet(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  response.setHeader('X-Powered-By', 'something');
  helmet(options)(response.req, response, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.fromEntries(
    Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]),
  );
}

describe('security headers', () => {
  it.each([
    ['the defaults', {}],
    [
      'ours',
      {
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"] } },
        crossOriginEmbedderPolicy: true,
        referrerPolicy: { policy: 'same-origin' as const },
      },
    ],
  ])('worked out once, they are what helmet sets on a response (%s)', (_name, options) => {
    expect(helmetHeaders(options)).toEqual(setByHelmet(options));
  });

  describe('on every answer', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = Fastify();
      registerSecurityHeaders(app);
      app.get('/', async () => ({ ok: true }));
      app.get('/docs', async () => 'docs');
      app.get('/me/services', async () => []);
      app.get('/fails', async () => {
        throw new Error('boom');
      });
      await app.ready();
    });
    afterAll(() => app.close());

    it.each([
      ['/', 200],
      ['/fails', 500],
      ['/nowhere', 404],
      ['/me/services', 200],
    ])('%s (%s): the strict policy, nosniff, no framing, no referrer across origins', async (url, status) => {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(status);
      expect(response.headers).toMatchObject({
        'content-security-policy': STRICT,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      });
      expect(response.headers['cross-origin-embedder-policy']).toBeUndefined();
    });

    it("lets Swagger UI's page have its inline styles, and no other answer after it", async () => {
      const docs = await app.inject({ url: '/docs' });
      expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
      const next = await app.inject({ url: '/' });
      expect(next.headers['content-security-policy']).toBe(STRICT);
    });

    it('forbids caching the answers about one person, and only those', async () => {
      expect((await app.inject({ url: '/me/services' })).headers['cache-control']).toBe('no-store');
      expect((await app.inject({ url: '/' })).headers['cache-control']).toBeUndefined();
    });
  });
});
