import { ApiParam, ApiProperty, type ApiPropertyOptions, type OpenAPIObject } from '@nestjs/swagger';

type Operation = {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: unknown[];
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
};

const PROBLEM = { $ref: '#/components/schemas/ProblemDetails' };

/** RFC 9457 problem details as every error answer carries them; other members are the error's own. */
export const PROBLEM_DETAILS_SCHEMAS = {
  FieldError: {
    type: 'object',
    required: ['field', 'reason'],
    properties: {
      field: { type: 'string', description: 'The field at fault, as a path', example: 'cart.storagePacks' },
      reason: {
        type: 'string',
        description: 'Why it is refused',
        example: 'must be an integer between 0 and 100',
      },
    },
  },
  ProblemDetails: {
    type: 'object',
    description:
      "An error, as RFC 9457 problem details. `code` is stable: branch on it, not on `title` or `detail`. Members beyond these are the error's own facts (for example `currentRevision` with 412).",
    required: ['type', 'title', 'status', 'detail', 'code'],
    additionalProperties: true,
    properties: {
      type: { type: 'string', description: 'A URI naming the kind of problem', example: 'about:blank' },
      title: { type: 'string', description: 'The status in words', example: 'Business rule violated' },
      status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status', example: 422 },
      detail: {
        type: 'string',
        description: 'What went wrong, for a person',
        example: 'Give the three consents to confirm the order.',
      },
      code: { type: 'string', description: 'The stable code to branch on', example: 'CONSENT_REQUIRED' },
      instance: {
        type: 'string',
        description: "The request's path",
        example: '/me/orders/2d0c…/confirmation',
      },
      errors: {
        type: 'array',
        description: 'With VALIDATION_FAILED: each field at fault and why',
        items: { $ref: '#/components/schemas/FieldError' },
      },
    },
  },
};

/** What any route can answer, whatever it does (the filter and Fastify's own errors, the stop). */
const EVERY_ROUTE: Record<string, string> = {
  '400': 'VALIDATION_FAILED (each field and its reason in `errors`), or a malformed URL',
  '500': 'INTERNAL_ERROR: something went wrong on our side (the request may be retried)',
  '503':
    'SHUTTING_DOWN while the server stops (retry after `Retry-After`), or a read that has not caught up with X-Min-Position',
};
const WITH_BODY: Record<string, string> = {
  '413': 'PAYLOAD_TOO_LARGE: the body is over 64 KiB',
  '415': 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON',
};

/**
 * The contract's rules applied once, to every operation, rather than on each route: public routes say
 * `security: []`; every error status documented carries ProblemDetails (the one shape every error
 * answer has); and the statuses any route can answer are there.
 */
export function completeContract(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...PROBLEM_DETAILS_SCHEMAS };
  for (const item of Object.values(document.paths))
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const operation = value as Operation;
      operation.security ??= [];
      const common = { ...EVERY_ROUTE, ...(operation.requestBody ? WITH_BODY : {}) };
      for (const [status, description] of Object.entries(common))
        operation.responses[status] ??= { description };
      for (const [status, response] of Object.entries(operation.responses))
        if (Number(status) >= 400)
          response.content = { ...response.content, 'application/problem+json': { schema: PROBLEM } };
    }
  return document;
}

/** A response DTO's class (what `type: () => X` names). */
type DtoClass = abstract new (...args: never[]) => unknown;
type FieldOptions = { nullable?: boolean; required?: boolean; example?: unknown };
const UUID_EXAMPLE = '3f2b8c1e-6a4d-5e9f-8b7a-1c2d3e4f5a6b';
const AT_EXAMPLE = '2026-11-25T10:00:00.000Z';

/** The fields of response DTOs, each with its OpenAPI type, format and an example. */
export const Field = {
  uuid: (description: string, o: FieldOptions = {}) =>
    ApiProperty({ type: String, format: 'uuid', description, example: UUID_EXAMPLE, ...o }),
  cents: (description: string, example: number, o: FieldOptions = {}) =>
    ApiProperty({ type: 'integer', description: `${description} (euro cents)`, example, ...o }),
  integer: (description: string, example: number, o: FieldOptions = {}) =>
    ApiProperty({ type: 'integer', description, example, ...o }),
  number: (description: string, example: number, o: FieldOptions = {}) =>
    ApiProperty({ type: Number, description, example, ...o }),
  text: (description: string, example: string, o: FieldOptions = {}) =>
    ApiProperty({ type: String, description, example, ...o }),
  at: (description: string, o: FieldOptions = {}) =>
    ApiProperty({ type: String, format: 'date-time', description, example: AT_EXAMPLE, ...o }),
  flag: (description: string, example = true, o: FieldOptions = {}) =>
    ApiProperty({ type: Boolean, description, example, ...o }),
  /** One of the values; a nullable one is inlined (OpenAPI 3.0 has no nullable reference). */
  oneOf: (values: readonly string[], enumName: string, description: string, o: FieldOptions = {}) =>
    o.nullable
      ? ApiProperty({ type: String, enum: [...values], description, example: values[0], ...o })
      : ApiProperty({ enum: [...values], enumName, description, example: values[0], ...o }),
  // `type: () => of()`, written here: Nest tells a lazy type from a class by the function's name, `type`.
  nested: (of: () => DtoClass, description: string, o: Omit<FieldOptions, 'example'> = {}) =>
    ApiProperty({ type: () => of(), description, ...o }),
  list: (of: () => DtoClass, description: string, o: Omit<FieldOptions, 'example'> = {}) =>
    ApiProperty({ type: () => of(), isArray: true, description, ...o }),
  /** A free-form object (the audit's event data), documented as such. */
  anything: (description: string, example: unknown, o: FieldOptions = {}) =>
    ApiProperty({
      type: 'object',
      additionalProperties: true,
      description,
      example,
      ...o,
    } as ApiPropertyOptions),
};

/** A path parameter that is an id: a UUID (anything else is 400, naming it). */
export function ApiUuidParam(name: string, description: string) {
  return ApiParam({ name, description, schema: { type: 'string', format: 'uuid' }, example: UUID_EXAMPLE });
}
