import { dirname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  Clock,
  IdempotencyStore,
  LOG_LEVELS,
  Metrics,
  ProblemDetailsFilter,
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
const LEVELS: LogLevel[] = [...LOG_LEVELS];

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(
  config: ServiceConfig,
  overrides: { clock?: Clock; logger?: false } = {},
): Promise<NestFastifyApplication> {
  const logger =
    overrides.logger === false
      ? false
      : LEVELS.slice(0, Math.max(1, LEVELS.indexOf(config.logLevel as LogLevel) + 1));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, overrides),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT,
      genReqId: () => crypto.randomUUID(),
      // Long path ids reach the id check and are refused there (400, naming the parameter).
      routerOptions: { maxParamLength: 2048 },
      // Errors Fastify's router raises before any route (a malformed or overlong URL) are problem details too.
      frameworkErrors: (error: Error, request: { url: string }, reply: FastifyReply) => {
        const problem = problemResponse(error, problemInstance(request.url));
        void reply.code(problem.status).header('content-type', 'application/problem+json').send(problem);
      },
    }),
    // rawBody: the payment provider's callback is verified against the exact bytes it signed.
    { logger, abortOnError: false, rawBody: true },
  );
  acceptOnlyJson(app);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Rinnovo Fatturazione Elettronica')
      .setDescription(
        'Event-sourced renewal orders for the e-invoicing service. Errors are RFC 9457 problem details with a stable `code`. ' +
          'Commands accept an `Idempotency-Key` header; their `position` can be sent back as `X-Min-Position` to read your own write.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(fastify as unknown as FastifyInstance);
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
