import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@app/event-store';
import { ValidationFailed } from '@app/kernel';
import { AuthenticatedUser, actorOf } from '../auth/accounts';
import { IdempotentRequest } from '../http/idempotency';
import { requestedCorrelationId } from '../logging/log-context';

/** Who asks, on behalf of which request, and how to recognise a retry of the same command. */
export interface CommandMeta {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** If-Match: the revision the client saw (order routes check it: 412 when the order changed since). */
  ifMatch?: number;
}

/**
 * Builds the command metadata of an HTTP request. On an @Idempotent() route with an Idempotency-Key, the
 * command id comes from the key, the user and the request (IdempotencyGuard), so a retry that
 * outlives its stored answer still appends nothing new; otherwise each request is a new command.
 */
export const RequestMeta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<{
    /** The request's id: its X-Correlation-Id, or one the server gave it (see createApp's genReqId). */
    id?: string;
    headers: Record<string, string | undefined>;
    user: AuthenticatedUser;
    idempotency?: IdempotentRequest;
  }>();
  const ifMatch = parseIfMatch(request.headers['if-match']);
  // The events carry the id the request's log lines carry.
  const correlationId =
    request.id ?? requestedCorrelationId(request.headers['x-correlation-id']) ?? randomUUID();
  return {
    commandId: request.idempotency?.commandId ?? randomUUID(),
    correlationId,
    causationId: null,
    actor: actorOf(request.user),
    ...(ifMatch !== undefined ? { ifMatch } : {}),
  };
});

/** `If-Match: "3"` (or `W/"3"`, or `3`): the revision an answer or an ETag carried. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match)
    throw new ValidationFailed(
      'INVALID_IF_MATCH',
      'If-Match must be the revision of the order, as its answers and its ETag carry it (e.g. "3").',
      'If-Match',
    );
  return Number(match[1]);
}
