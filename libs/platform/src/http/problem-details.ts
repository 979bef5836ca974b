import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError, InvalidFields } from '@app/kernel';
import { WrongExpectedRevision } from '@app/event-store';
import { ReplayedResponse } from './idempotency';

export interface FieldError {
  field: string;
  reason: string;
}

/** RFC 9457 problem details, with a stable `code` and the fields at fault. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  validation: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'business-rule': HttpStatus.UNPROCESSABLE_ENTITY,
  precondition: HttpStatus.PRECONDITION_FAILED,
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Business rule violated',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export class RequestValidationFailed extends InvalidFields {
  constructor(errors: FieldError[]) {
    super('VALIDATION_FAILED', errors);
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator on every input: unknown fields are refused, not silently dropped. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationFailed(flatten(errors)),
  });
}

export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof DomainError) {
    const status = STATUS_BY_KIND[error.kind];
    const errors =
      error instanceof InvalidFields
        ? error.errors
        : error.field
          ? [{ field: error.field, reason: error.message }]
          : undefined;
    return {
      ...(error.details ?? {}), // extensions first: they never override the standard members
      type: `/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status],
      status,
      detail: error.message,
      code: error.code,
      instance,
      ...(errors ? { errors } : {}),
    };
  }
  if (error instanceof WrongExpectedRevision) {
    return {
      type: '/problems/concurrent-modification',
      title: TITLES[409],
      status: 409,
      detail: 'Someone else changed this at the same time. Reload and try again.',
      code: 'CONCURRENT_MODIFICATION',
      instance,
    };
  }
  if (isFastifyError(error)) return problemResponse(error, instance);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const body = (typeof response === 'object' ? response : {}) as {
      message?: unknown;
      code?: unknown;
      retryAfterSeconds?: unknown;
    };
    const message = typeof response === 'string' ? response : String(body.message ?? error.message);
    const code = typeof body.code === 'string' ? body.code : (HttpStatus[status] ?? 'HTTP_ERROR').toString();
    return {
      type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: message,
      code,
      instance,
      ...(typeof body.retryAfterSeconds === 'number' ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
    };
  }
  return {
    type: '/problems/internal-error',
    title: TITLES[500],
    status: 500,
    detail: 'Something went wrong on our side. The request may be retried with the same Idempotency-Key.',
    code: 'INTERNAL_ERROR',
    instance,
  };
}

/** What Fastify itself raises (its errors carry a status and an FST_ code), by stable code and words of ours. */
const FASTIFY_ERRORS: Record<string, { code: string; detail: string }> = {
  FST_ERR_BAD_URL: { code: 'MALFORMED_URL', detail: 'The URL is not valid (a bad percent-encoding?).' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', detail: 'A path segment of the URL is too long.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Request bodies must be JSON (Content-Type: application/json).',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'INVALID_CONTENT_LENGTH',
    detail: 'Content-Length does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'The Content-Type header is invalid.' },
};

function isFastifyError(error: unknown): error is Error & { code: string; statusCode: number } {
  return (
    error instanceof Error &&
    typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as unknown as { code: string }).code.startsWith('FST_')
  );
}

/** The request's URL as the problem's `instance`, unless it is too long to be worth echoing. */
export function problemInstance(url: string): string | undefined {
  return url.length <= 512 ? url : undefined;
}

/** Problem details for any error, Fastify's own included (they never reach Nest's filters as themselves). */
export function problemResponse(error: unknown, instance?: string): ProblemDetails {
  if (!isFastifyError(error)) return toProblem(error, instance);
  const status = error.statusCode;
  const known = FASTIFY_ERRORS[error.code];
  const code = known?.code ?? (HttpStatus[status] ?? 'HTTP_ERROR').toString();
  return {
    type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: known?.detail ?? (status >= 500 ? 'Something went wrong on our side.' : error.message),
    code,
    instance,
  };
}

interface Reply {
  header(name: string, value: string): Reply;
  status(code: number): Reply;
  send(body: unknown): void;
}

/** The one place where errors become HTTP responses. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<{ url: string; method: string; id?: string }>();
    const reply = context.getResponse<Reply>();
    if (error instanceof ReplayedResponse) {
      for (const [name, value] of Object.entries(error.response.headers)) reply.header(name, value);
      reply.header('idempotent-replayed', 'true').status(error.response.status).send(error.response.body);
      return;
    }
    const problem = toProblem(error, problemInstance(request.url));
    if (problem.status >= 500)
      this.logger.error(`${request.method} ${request.url}`, (error as Error)?.stack ?? String(error));
    if (typeof problem.retryAfterSeconds === 'number')
      reply.header('retry-after', String(problem.retryAfterSeconds));
    reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}
