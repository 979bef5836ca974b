import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line carries while a request, a command or a projected event is handled: the
 * correlation id (the request's X-Correlation-Id, or the id the server gave it; the event's own
 * correlation id when a projection or a process handles it) and, once known, the user.
 */
export interface LogContext {
  correlationId: string;
  userId?: string;
  /** The log position of the event being handled, in a projection or a process. */
  position?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` on every line it logs, in its callbacks and promises too. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the work running now, if any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** The correlation id a request asked for (X-Correlation-Id), when it is one we can log and store. */
export function requestedCorrelationId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : undefined;
}

/** The context of a projection or a process handling a stored event: the correlation id it was appended with. */
export function eventLogContext(event: {
  position: number;
  metadata: { correlationId?: string };
}): LogContext {
  return { correlationId: event.metadata.correlationId || 'none', position: String(event.position) };
}
