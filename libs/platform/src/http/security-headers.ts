import helmet from '@fastify/helmet';
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

/** Swagger UI's page carries its own inline styles (its scripts are still files of ours). */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** Answers that are about one person or the back office: never kept by a browser or a proxy. */
const PRIVATE = /^\/(me|back-office|audit|auth|dev)(\/|\?|$)/;

/**
 * Security headers on every answer (helmet): a Content-Security-Policy the pages pass, nosniff,
 * frame-ancestors 'none', no referrer across origins; `Cache-Control: no-store` on the login answer and
 * on every customer-area, back-office and audit answer.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  await fastify.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const path = request.url;
    if (path === '/docs' || path.startsWith('/docs/')) reply.header('content-security-policy', DOCS_CSP);
    if (PRIVATE.test(path)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
