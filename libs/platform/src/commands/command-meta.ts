import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@app/event-store';
import { AuthenticatedUser, actorOf } from '../auth/accounts';
import { IdempotentRequest } from '../http/idempotency';

/** Who asks, on behalf of which request, and how to recognise a retry of the same command. */
export interface CommandMeta {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

/**
 * Builds the command metadata of an HTTP request. On an @Idempotent() route with an Idempotency-Key, the
 * command id comes from the key, the user and the request (IdempotencyInterceptor), so a retry that
 * outlives its stored answer still appends nothing new; otherwise each request is a new command.
 */
export const RequestMeta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<{
    headers: Record<string, string | undefined>;
    user: AuthenticatedUser;
    idempotency?: IdempotentRequest;
  }>();
  const correlation = request.headers['x-correlation-id'];
  const correlationId = correlation && /^[\w.:-]{1,128}$/.test(correlation) ? correlation : randomUUID();
  return {
    commandId: request.idempotency?.commandId ?? randomUUID(),
    correlationId,
    causationId: null,
    actor: actorOf(request.user),
  };
});
