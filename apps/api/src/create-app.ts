import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, Clock, ProblemDetailsFilter, validationPipe } from '@app/platform';
import { AppModule } from './app.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(
  config: AppConfig,
  overrides: { clock?: Clock; logger?: false } = {},
): Promise<NestFastifyApplication> {
  const logger =
    overrides.logger === false
      ? false
      : LEVELS.slice(0, Math.max(1, LEVELS.indexOf(config.logLevel as LogLevel) + 1));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, overrides),
    new FastifyAdapter({ bodyLimit: 64 * 1024, genReqId: () => crypto.randomUUID() }),
    // rawBody: the payment provider's callback is verified against the exact bytes it signed.
    { logger, abortOnError: false, rawBody: true },
  );
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
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  Logger.flush();
  return app;
}
