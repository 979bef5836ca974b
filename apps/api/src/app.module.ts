import type { MessagePort } from 'node:worker_threads';
import { DynamicModule, LogLevel, Module } from '@nestjs/common';
import { AppConfig, Clock, PlatformModule } from '@app/platform';
import { RenewalsModule } from '@app/renewals';
import { ReadModelsModule } from '@app/read-models';
import { NotifierModule } from '@app/notifier';
import { InfrastructureModule } from './infrastructure.module';
import { HealthController } from './health.controller';
import { DevClockController } from './dev-clock.controller';
import { logLevels } from './log-levels';
import { WORKER_THREAD_CONFIG, WORKER_THREAD_LOGGER, WorkerThreadHost } from './worker-thread.host';

/**
 * The application for one role: ROLE=all (HTTP API, projections, processes and the email notifier; with
 * WORKER_THREAD=true all but the API on a thread of its own), ROLE=api or ROLE=worker.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    overrides: { clock?: Clock; writer?: MessagePort; logger?: LogLevel[] | false } = {},
  ): DynamicModule {
    const threaded = config.role === 'all' && config.workerThread;
    const here: AppConfig = threaded ? { ...config, role: 'api' } : config;
    const workerThread = threaded
      ? [
          WorkerThreadHost,
          { provide: WORKER_THREAD_CONFIG, useValue: { ...config, role: 'worker' } },
          { provide: WORKER_THREAD_LOGGER, useValue: overrides.logger ?? logLevels(config.logLevel) },
        ]
      : [];
    return {
      module: AppModule,
      providers: workerThread,
      imports: [
        InfrastructureModule.forRoot(here, overrides),
        PlatformModule,
        RenewalsModule,
        ReadModelsModule,
        NotifierModule,
      ],
      controllers: config.devClock ? [HealthController, DevClockController] : [HealthController],
    };
  }
}
