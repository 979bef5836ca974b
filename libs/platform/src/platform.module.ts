import { Global, Module, OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { Accounts, AccountsProjection, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth/accounts';
import { AuthGuard } from './auth/auth.guard';
import { LoginController } from './auth/login.controller';
import { ParkedEventsController, ProjectionStatusController } from './projections/parked-events.controller';
import { IdempotencyStore } from './http/idempotency';
import { Projections } from './projections/projections.service';
import { LoginThrottlerGuard, loginThrottlers } from './auth/login-throttling';
import { ThrottlerModule } from '@nestjs/throttler';
import { PersonalDataErasure } from './personal-data/erasure.process';
import { PersonalDataRetention } from './personal-data/retention';

/** Auth and the cross-cutting providers; the app module provides APP_CONFIG, the clock, the stores. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loginThrottlers(config),
    }),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not the string: jsonwebtoken would otherwise derive a key from the string on every
      // verification (a quarter of the server's CPU under load).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.authSecret)),
        signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
  ],
  controllers: [LoginController, ParkedEventsController, ProjectionStatusController],
  providers: [
    Accounts,
    AccountsProjection,
    PersonalDataErasure,
    PersonalDataRetention,
    LoginThrottlerGuard,
    AuthGuard,
    IdempotencyStore,
  ],
  exports: [Accounts, AuthGuard, JwtModule, IdempotencyStore, PersonalDataErasure, PersonalDataRetention],
})
export class PlatformModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly accounts: AccountsProjection,
    private readonly erasure: PersonalDataErasure,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.accounts);
    this.projections.registerProcess(this.erasure);
  }
}
