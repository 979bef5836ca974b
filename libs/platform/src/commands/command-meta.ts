import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@app/event-store';
import { ValidationFailed } from '@app/renewals/domain';
import { AuthenticatedUser, actorOf } from '../auth/accounts';
import { deterministicUuid } from '../clock';

/** Who asks, on behalf of which request, and how to recognise a retry of the same command. */
export interface CommandMeta {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Builds the command metadata of an HTTP request: the Idempotency-Key (scoped to the user and the
 * route) becomes the command id, so a retried request appends nothing new.
 */
export const RequestMeta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<{
    headers: Record<string, string | undefined>;
    user: AuthenticatedUser;
    method: string;
    routeOptions?: { url?: string };
    url: string;
    params?: Record<string, string>;
  }>();
  const key = request.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
    throw new ValidationFailed(
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 8-128 letters, digits or _.:-',
      'Idempotency-Key',
    );
  const correlation = request.headers['x-correlation-id'];
  const correlationId = correlation && /^[\w.:-]{1,128}$/.test(correlation) ? correlation : randomUUID();
  const route = `${request.method} ${request.url.split('?')[0]}`;
  return {
    commandId: key ? deterministicUuid(`${request.user.id}|${route}|${key}`) : randomUUID(),
    correlationId,
    causationId: null,
    actor: actorOf(request.user),
  };
});
