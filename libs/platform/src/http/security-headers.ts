import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

/** The pages load only their own scripts, styles and images: no inline script anywhere. */
const STRICT_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const HELMET: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'same-origin' },
};

/** Swagger UI's page carries its own inline styles (its scripts are still files of ours). */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** Answers that are about one person or the back office: never kept by a browser or a proxy. */
const PRIVATE = /^\/(me|back-office|audit|auth|dev)(\/|\?|$)/;

/**
 * The headers helmet's middleware sets with `options`, worked out once by running it against a response
 * that only records them. They depend on the options alone (no nonce, nothing from the request).
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers on every answer (helmet's): a Content-Security-Policy the pages pass, nosniff,
 * frame-ancestors 'none', no referrer across origins; `Cache-Control: no-store` on the login answer and
 * on every customer-area, back-office and audit answer. The headers are worked out once at start: the
 * @fastify/helmet plugin built helmet's middleware again for every request (2.7% of the main thread's
 * time under the bench's flow).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers = helmetHeaders(HELMET);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const path = request.url;
    if (path === '/docs' || path.startsWith('/docs/')) reply.header('content-security-policy', DOCS_CSP);
    if (PRIVATE.test(path)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
