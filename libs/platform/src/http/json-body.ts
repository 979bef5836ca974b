import { ValidationFailed } from '@app/kernel';
import { FieldError, RequestValidationFailed } from './problem-details';

/** Deeper than this, a JSON body is refused before anything parses or validates it (no request needs 10). */
export const MAX_JSON_DEPTH = 32;

/** Keys that name JavaScript's object machinery: refused like any unknown key, never silently dropped. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A NUL, or half of a surrogate pair: PostgreSQL cannot store them and no person types them. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Parses a JSON request body and refuses, with the field and the reason, what no validator should have to
 * see: nesting deeper than MAX_JSON_DEPTH (checked on the raw text, before parsing), keys such as
 * `constructor`, and strings a database cannot store. Empty means no body.
 */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (text.trim() === '') return undefined;
  const depth = nestingDepth(text);
  if (depth > maxDepth)
    throw new ValidationFailed(
      'JSON_TOO_DEEP',
      `The JSON body is nested ${depth} levels deep; at most ${maxDepth} are accepted.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationFailed('MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const errors = unacceptable(value);
  if (errors.length > 0) throw new RequestValidationFailed(errors);
  return value;
}

/** The deepest nesting of arrays and objects in JSON text, counting brackets outside strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Every forbidden key and unstorable string in a parsed value, by field path (`a.b.0`). */
export function unacceptable(value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (node: unknown, at: string) => {
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node))
        errors.push({ field: at, reason: `${at} must not contain NUL characters or unpaired surrogates` });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      const field = at ? `${at}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) errors.push({ field, reason: `property ${key} should not exist` });
      else if (UNSTORABLE.test(key))
        errors.push({
          field,
          reason: 'a property name must not contain NUL characters or unpaired surrogates',
        });
      else visit((node as Record<string, unknown>)[key], field);
    }
  };
  visit(value, path);
  return errors;
}

/** The same check for a single text that does not come from a JSON body (a path segment, a header). */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
