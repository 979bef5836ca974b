import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Answer } from '../../apps/api/src/create-app';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

/**
 * Checks every answer the server gives against the OpenAPI document: its status is documented for
 * the operation, its media type too, and a JSON body matches the schema, with no field the schema
 * does not name (objects are closed here, unless a schema says otherwise, as ProblemDetails does).
 * A route the document does not know (the pages, the docs) is not checked.
 */
export class ContractCheck {
  readonly violations: string[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations = new Map<string, Record<string, Json>>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    addFormats(this.ajv);
    const components = closed(rebased(document.components?.schemas ?? {}) as Json);
    this.ajv.addSchema({ $id: 'openapi', components: { schemas: components } });
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item as Record<string, Json>))
        if (isObject(operation) && 'responses' in operation)
          this.operations.set(`${method.toUpperCase()} ${fastifyRoute(path)}`, operation);
  }

  inspect = (answer: Answer): void => {
    if (answer.route === null) return;
    const key = `${answer.method} ${answer.route}`;
    const operation = this.operations.get(key);
    if (!operation) return;
    const where = `${key} ${answer.status} (${answer.url})`;
    const responses = operation.responses as Record<string, Json>;
    const response = responses[String(answer.status)] ?? responses.default;
    if (!isObject(response)) return this.fail(`${where}: the status is not documented`);
    const content = response.content;
    if (answer.status === 204 || answer.status === 304) return;
    if (!isObject(content)) return this.fail(`${where}: no content documented`);
    const mediaType = answer.contentType.split(';')[0].trim().toLowerCase();
    const media = content[mediaType];
    if (!isObject(media))
      return this.fail(`${where}: answered ${mediaType}, documented ${Object.keys(content).join(', ')}`);
    if (!(mediaType === 'application/json' || mediaType.endsWith('+json')) || answer.payload === null) return;
    if (!isObject(media.schema)) return this.fail(`${where}: no schema documented`);
    const validate = this.validator(`${key} ${answer.status} ${mediaType}`, media.schema);
    let body: unknown;
    try {
      body = JSON.parse(answer.payload.toString());
    } catch {
      return this.fail(`${where}: the body is not JSON`);
    }
    if (!validate(body))
      this.fail(
        `${where}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n  ${JSON.stringify(body).slice(0, 400)}`,
      );
  };

  /** Throws with every mismatch seen, once (the suite's last step). */
  assertNone(): void {
    if (this.violations.length === 0) return;
    const unique = [...new Set(this.violations)];
    throw new Error(`${unique.length} answers do not match the OpenAPI document:\n${unique.join('\n')}`);
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(rebased(schema) as Json) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  private fail(message: string): void {
    this.violations.push(message);
  }
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `/me/orders/{orderId}` as Fastify names the route: `/me/orders/:orderId`. */
function fastifyRoute(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** References into the document's components, pointed at the schema registered as `openapi`. */
function rebased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebased);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
        ? `openapi${inner}`
        : rebased(inner),
    ]),
  );
}

/**
 * OpenAPI 3.0's schemas as JSON Schema says them (`nullable: true` is `null` allowed beside the rest),
 * and closed: an object schema that lists its properties and says nothing else admits no other one.
 */
function closed(value: Json): Json {
  if (Array.isArray(value)) return value.map(closed);
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [key, inner] of Object.entries(value))
    if (key !== 'nullable') out[key] = key === 'properties' ? mapValues(inner, closed) : closed(inner);
  if (isObject(value.properties) && !('additionalProperties' in value)) out.additionalProperties = false;
  if (value.nullable !== true) return out;
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return { anyOf: [{ type: 'null' }, out] };
}

function mapValues(value: Json, f: (inner: Json) => Json): Json {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, f(inner)]));
}
