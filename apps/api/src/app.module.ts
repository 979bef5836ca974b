import { DynamicModule, Module } from '@nestjs/common';
import { Clock, PlatformModule } from '@app/platform';
import { RenewalsModule } from '@app/renewals';
import { ReadModelsModule } from '@app/read-models';
import { NotifierModule } from '@app/notifier';
import { InvoicingModule } from '@app/invoicing';
import { InfrastructureModule } from './infrastructure.module';
import { ServiceConfig } from './config';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { DevClockController } from './dev-clock.controller';

/** One process: HTTP API, projections, processes and the email notifier. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, overrides: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TerminusModule,
        InfrastructureModule.forRoot(config, overrides),
        PlatformModule,
        RenewalsModule.forRoot(config.renewals),
        ReadModelsModule,
        NotifierModule,
        InvoicingModule,
      ],
      controllers: config.devClock ? [HealthController, DevClockController] : [HealthController],
    };
  }
}
