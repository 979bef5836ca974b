import { ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { normaliseUsername } from './account.decider';

/**
 * Login attempts are limited per client address and per account (@nestjs/throttler, in memory: each API
 * process counts its own). Past the limit, 429 with Retry-After until the window's block ends; the right
 * password does not get through meanwhile.
 */
export function loginThrottlers(config: AppConfig): ThrottlerModuleOptions {
  const { perAddress, perAccount } = config.loginLimits;
  return {
    throttlers: [
      {
        name: 'login-address',
        limit: perAddress.limit,
        ttl: perAddress.windowSeconds * 1000,
        blockDuration: perAddress.windowSeconds * 1000,
        getTracker: (request: Record<string, unknown>) => `address:${String(request.ip ?? '')}`,
      },
      {
        name: 'login-account',
        limit: perAccount.limit,
        ttl: perAccount.windowSeconds * 1000,
        blockDuration: perAccount.windowSeconds * 1000,
        getTracker: (request: Record<string, unknown>) => {
          const body = request.body as { username?: unknown } | undefined;
          return `account:${normaliseUsername(String(body?.username ?? ''))}`;
        },
      },
    ],
    setHeaders: false,
  };
}

@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  // A property: ThrottlerGuard's constructor takes its own dependencies.
  @Inject(Metrics) private readonly metrics!: Metrics;

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    this.metrics.rateLimitRefusals.inc({
      limit: detail.tracker.startsWith('account:') ? 'login-account' : 'login-address',
    });
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context
      .switchToHttp()
      .getResponse<{ header(name: string, value: string): void }>()
      .header('retry-after', String(seconds));
    const per = detail.tracker.startsWith('account:') ? 'this account' : 'this address';
    throw new HttpException(
      {
        message: `Too many login attempts for ${per}: try again in ${seconds} seconds.`,
        code: 'TOO_MANY_LOGIN_ATTEMPTS',
        retryAfterSeconds: seconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
