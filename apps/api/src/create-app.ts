import { dirname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  Clock,
  IdempotencyStore,
  LogContext,
  Metrics,
  PinoLoggerService,
  Shutdown,
  createLogger,
  requestedCorrelationId,
  withLogContext,
  ProblemDetailsFilter,
  completeContract,
  idempotencyOnSend,
  parseJsonBody,
  problemInstance,
  problemResponse,
  registerSecurityHeaders,
  validationPipe,
} from '@app/platform';
import { AppModule } from './app.module';
import { ServiceConfig } from './config';
import { WORDS } from '@app/notifier';

const BODY_LIMIT = 64 * 1024;
/** Polled by probes and scrapers every few seconds: their request lines are debug, not info. */
const PROBE_ROUTES = new Set(['/health', '/health/live', '/health/ready', '/metrics', '/metrics.json']);

/** One answer as it leaves the server: the route's template (null where no route matched) and its body. */
export interface Answer {
  method: string;
  route: string | null;
  url: string;
  status: number;
  contentType: string;
  /** The body, unless it is streamed (a file). */
  payload: string | Buffer | null;
}
export type AnswerInspector = (answer: Answer) => void;

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(
  config: ServiceConfig,
  overrides: {
    clock?: Clock;
    logger?: false;
    logDestination?: DestinationStream;
    /** Sees every answer beside the OpenAPI document (the e2e suites check each against its schema). */
    inspectAnswers?: (document: OpenAPIObject) => AnswerInspector;
  } = {},
): Promise<NestFastifyApplication> {
  const pino =
    overrides.logger === false
      ? null
      : createLogger({
          level: config.logLevel,
          format: config.logFormat,
          role: config.role,
          destination: overrides.logDestination,
        });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, overrides),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT,
      // The request's id is its correlation id: the one the client sent, or a new one.
      // Requests that arrive while the server closes get our problem details (see refuseWhileStopping).
      return503OnClosing: false,
      genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
        requestedCorrelationId(request.headers['x-correlation-id']) ?? crypto.randomUUID(),
      // Long path ids reach the id check and are refused there (400, naming the parameter).
      routerOptions: { maxParamLength: 2048 },
      // Errors Fastify's router raises before any route (a malformed or overlong URL) are problem details too.
      frameworkErrors: (error: Error, request: { url: string }, reply: FastifyReply) => {
        const problem = problemResponse(error, problemInstance(request.url));
        void reply.code(problem.status).header('content-type', 'application/problem+json').send(problem);
      },
    }),
    // rawBody: the payment provider's callback is verified against the exact bytes it signed.
    { logger: pino ? new PinoLoggerService(pino) : false, abortOnError: false, rawBody: true },
  );
  acceptOnlyJson(app);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = completeContract(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Rinnovo Fatturazione Elettronica')
        .setDescription(
          'Event-sourced renewal orders for the e-invoicing service. Errors are RFC 9457 problem details with a stable `code`. ' +
            'Commands accept an `Idempotency-Key` header; their `position` can be sent back as `X-Min-Position` to read your own write.',
        )
        .setVersion('1.0')
        .setLicense('Proprietary', '')
        .addServer('/', 'This server')
        .addBearerAuth()
        .addTag('auth', 'Log in: a bearer token for a customer or a back-office user')
        .addTag('catalog', 'Prices, payment methods, terms and the documents to accept')
        .addTag('customer area', 'A customer’s services and orders: renew, change the cart, confirm, pay')
        .addTag('back office', 'Payments, refunds, cancellations, search and the dashboard')
        .addTag('audit', 'Who did what and when, from the log, with the state as of any moment')
        .addTag('operations', 'Health, metrics and parked events')
        .addTag('payment provider', 'The payment provider’s signed callback')
        .addTag('development', 'The demo’s clock (only with DEV_CLOCK on)')
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  const fastify = app.getHttpAdapter().getInstance();
  if (overrides.inspectAnswers) {
    const inspect = overrides.inspectAnswers(document);
    fastify.addHook('onSend', (request, reply, payload, done) => {
      inspect({
        method: request.method,
        route: request.routeOptions.url ?? null,
        url: request.url,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null,
      });
      done(null, payload);
    });
  }
  logRequests(fastify as unknown as FastifyInstance, pino);
  refuseWhileStopping(fastify as unknown as FastifyInstance, app.get(Shutdown));
  registerSecurityHeaders(fastify as unknown as FastifyInstance);
  fastify.addHook('onSend', idempotencyOnSend(app.get(IdempotencyStore)));
  // Every answer into the HTTP histogram, by its route's template (never the raw path: ids would make
  // one series per order); what no route matched is 'unmatched'.
  const { http } = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    http.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  await serveWebApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  Logger.flush();
  return app;
}

/** Routes that still answer while the process stops: readiness says 503 itself, with the reason. */
const PROBES_WHILE_STOPPING = new Set(['/health/live', '/health/ready']);
/** How long a stop waits for the requests in flight before closing the rest anyway. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Once the stop has begun, each new request is answered 503 with problem details (and Connection: close,
 * so the client's next request goes elsewhere); the requests already in flight are counted, so that the
 * stop can wait for them before closing what they need.
 */
function refuseWhileStopping(fastify: FastifyInstance, shutdown: Shutdown): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const reason = shutdown.reason;
    if (reason !== null && !PROBES_WHILE_STOPPING.has(request.routeOptions.url ?? '')) {
      void reply
        .code(503)
        .header('content-type', 'application/problem+json')
        .header('retry-after', '5')
        .header('connection', 'close')
        .send({
          type: '/problems/shutting-down',
          title: 'Service Unavailable',
          status: 503,
          code: 'SHUTTING_DOWN',
          detail: `The server is stopping (${reason}); nothing was done. Send the request again: another instance, or this one once restarted, will answer it.`,
          instance: problemInstance(request.url),
        });
      return;
    }
    shutdown.started(request);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    shutdown.finished(request);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    shutdown.finished(request);
    done();
  });
}

/**
 * Stops the way an orchestrator expects: readiness turns 503 and new requests are refused with problem
 * details, the requests in flight finish (up to DRAIN_TIMEOUT_MS), then the projections, processes and
 * connections close. Resolves with whether every request in flight had finished.
 */
export async function stopGracefully(app: NestFastifyApplication, reason: string): Promise<boolean> {
  const shutdown = app.get(Shutdown);
  shutdown.begin(reason);
  const drained = await shutdown.idle(DRAIN_TIMEOUT_MS);
  await app.close();
  return drained;
}

/**
 * The correlation id (and, once authenticated, the user) on every line logged while a request is handled,
 * the id sent back as X-Correlation-Id, and one line per answered request: method, route template (never
 * the raw path or query: they hold ids and search words), status, duration, user, correlation id.
 */
function logRequests(fastify: FastifyInstance, pino: PinoLogger | null): void {
  const contexts = new WeakMap<object, LogContext>();
  const enter = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    let context = contexts.get(request);
    if (!context) contexts.set(request, (context = { correlationId: request.id }));
    withLogContext(context, done);
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-correlation-id', request.id);
    enter(request, reply, done);
  });
  // Again once the body is read: its stream's callbacks run outside the context entered above.
  fastify.addHook('preHandler', enter);
  if (!pino) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : PROBE_ROUTES.has(route) ? 'debug' : 'info';
    const user = (request as { user?: { id: string } }).user;
    pino[level](
      {
        context: 'HTTP',
        correlationId: request.id,
        ...(user ? { userId: user.id } : {}),
        method: request.method,
        route,
        status,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      `${request.method} ${route} ${status}`,
    );
    done();
  });
}

/**
 * Request bodies are JSON and nothing else (415 otherwise), parsed by `parseJsonBody`: too deep, a key such
 * as `constructor`, or a NUL in a string is refused before validation. The raw bytes stay on the request,
 * for the payment provider's signature.
 */
function acceptOnlyJson(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Where the browser front end lives (plain ES modules, no build step); `WEB_DIR` overrides it. */
export const webDir = () => resolve(process.env.WEB_DIR ?? join(process.cwd(), 'apps/api/web'));

/**
 * The customer area at `/`, the back office at `/back-office`, their modules under `/web/`, the charting
 * library under `/vendor/` (from node_modules: no CDN), and the consent documents under `/documents/`.
 */
async function serveWebApp(app: NestFastifyApplication): Promise<void> {
  const root = webDir();
  await app.register(fastifyStatic, { root, prefix: '/web/', index: false });
  await app.register(fastifyStatic, {
    root: dirname(require.resolve('chart.js')),
    prefix: '/vendor/chart.js/',
    decorateReply: false,
    allowedPath: (path) => path === '/chart.umd.min.js',
  });
  await app.register(fastifyStatic, {
    root: join(root, 'documents'),
    prefix: '/documents/',
    decorateReply: false,
    index: ['index.html'],
    redirect: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The words for the codes the answers carry, kept once for the emails and the pages (@app/notifier).
  fastify.get('/words.json', (_request, reply) => reply.send(WORDS));
  fastify.get('/', (_request, reply) => reply.sendFile('index.html', root));
  fastify.get('/back-office', (_request, reply) => reply.sendFile('back-office.html', root));
}
