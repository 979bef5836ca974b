/**
 * Typed domain errors. Each kind maps to exactly one HTTP status in the platform's exception filter;
 * `code` is stable and documented, `field` names the input the error is about when there is one.
 */
export abstract class DomainError extends Error {
  abstract readonly kind:
    'validation' | 'business-rule' | 'not-found' | 'conflict' | 'forbidden' | 'precondition';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed in a way class-validator cannot see (400). */
export class ValidationFailed extends DomainError {
  readonly kind = 'validation' as const;
}

/** Several fields of the input are wrong, each with its reason (400, one entry per field at fault). */
export class InvalidFields extends ValidationFailed {
  constructor(
    code: string,
    readonly errors: { field: string; reason: string }[],
  ) {
    super(code, errors.map((error) => `${error.field}: ${error.reason}`).join('; '), errors[0]?.field);
  }
}

/** The request is well formed but a product rule refuses it in the current state (422). */
export class BusinessRuleViolation extends DomainError {
  readonly kind = 'business-rule' as const;
}

/** The thing does not exist, or does not belong to the caller (404). */
export class NotFound extends DomainError {
  readonly kind = 'not-found' as const;
}

/** Someone else changed the same thing first, or an operation is already under way (409). */
export class Conflict extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The request was made for another version than the current one (If-Match; 412). */
export class PreconditionFailed extends DomainError {
  readonly kind = 'precondition' as const;
}

/** Authenticated, but not allowed (403). */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden' as const;
}

/** Ends every switch over a union: a new member that is not handled breaks the build. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
