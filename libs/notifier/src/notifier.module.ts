import { Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Projections } from '@app/platform';
import { NotifierProjection } from './notifier.projection';
import { OutboxSender } from './outbox-sender';
import { FileMailTransport, MAIL_TRANSPORT, SmtpMailTransport } from './mail-transport';

@Module({
  providers: [
    NotifierProjection,
    OutboxSender,
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.smtpUrl
          ? new SmtpMailTransport(config.smtpUrl, config.mailFrom)
          : new FileMailTransport(config.outboxDir, config.mailFrom),
    },
  ],
  exports: [NotifierProjection, OutboxSender],
})
export class NotifierModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly projection: NotifierProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
