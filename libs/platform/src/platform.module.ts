import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { Accounts } from './auth/accounts';
import { AuthGuard } from './auth/auth.guard';
import { LoginController } from './auth/login.controller';

/** Auth and the cross-cutting providers; the app module provides APP_CONFIG, the clock, the stores. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.authSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [LoginController],
  providers: [Accounts, AuthGuard],
  exports: [Accounts, AuthGuard, JwtModule],
})
export class PlatformModule {}
