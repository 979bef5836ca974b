import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError, ValidationFailed } from '@app/renewals/domain';
import { WrongExpectedRevision } from '@app/event-store';

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
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Business rule violated',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export class RequestValidationFailed extends ValidationFailed {
  constructor(readonly errors: FieldError[]) {
    super(
      'VALIDATION_FAILED',
      errors.map((error) => `${error.field}: ${error.reason}`).join('; '),
      errors[0]?.field,
    );
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
      error instanceof RequestValidationFailed
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
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? error.message);
    const code =
      error instanceof BadRequestException && /JSON/i.test(message)
        ? 'MALFORMED_JSON'
        : (HttpStatus[status] ?? 'HTTP_ERROR').toString();
    return {
      type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: message,
      code,
      instance,
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

/** The one place where errors become HTTP responses. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<{ url: string; method: string; id?: string }>();
    const reply = context.getResponse<{
      status(code: number): { header(n: string, v: string): { send(b: unknown): void } };
    }>();
    const problem = toProblem(error, request.url);
    if (problem.status >= 500)
      this.logger.error(`${request.method} ${request.url}`, (error as Error)?.stack ?? String(error));
    reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}
