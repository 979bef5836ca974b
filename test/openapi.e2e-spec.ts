import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TestApp, startTestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; $ref?: string };
type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Schema }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

/** The OpenAPI document as the server serves it (with the demo's clock routes, the largest one). */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );

  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: { DEV_CLOCK: 'true' } });
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const lint = await run(
        process.execPath,
        [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
        {
          cwd: ROOT,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      ).catch((error: { stdout: string }) => error);
      const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every operation a success response with a schema, and problem details on every error', () => {
    expect(operations().length).toBeGreaterThanOrEqual(44);
    const missing: string[] = [];
    for (const { path, method, operation } of operations())
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.values(response.content ?? {});
        if (media.length === 0 || media.some((m) => !m.schema)) missing.push(`${method} ${path} ${status}`);
        if (Number(status) >= 400 && !response.content?.['application/problem+json'])
          missing.push(`${method} ${path} ${status}: no ProblemDetails`);
      }
    expect(missing).toEqual([]);
    for (const { path, method, operation } of operations())
      expect([`${method} ${path}`, Object.keys(operation.responses).some((s) => /^2/.test(s))]).toEqual([
        `${method} ${path}`,
        true,
      ]);
  });

  it('says security: [] on the public routes and a bearer token on the others', () => {
    const publicRoutes = operations()
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(publicRoutes).toEqual([
      'get /catalog',
      'get /health',
      'get /health/live',
      'get /health/ready',
      'get /metrics',
      'get /metrics.json',
      'post /auth/login',
      'post /payments/provider-callback',
    ]);
    for (const { operation } of operations())
      if (operation.security?.length) expect(operation.security).toEqual([{ bearer: [] }]);
  });

  it('types ids as uuid, cents as integers, and gives every field an example', () => {
    const faults: string[] = [];
    for (const { path, method, operation } of operations())
      for (const parameter of operation.parameters ?? [])
        if (parameter.in === 'path' && parameter.name.endsWith('Id') && parameter.schema?.format !== 'uuid')
          faults.push(`${method} ${path}: ${parameter.name} is not a uuid`);
    const fields = (name: string, schema: Schema, at: string): void => {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const where = `${at}.${field}`;
        const inner = (property.allOf as Schema[] | undefined)?.[0] ?? property;
        const nested = inner.$ref || (property.items as Schema | undefined)?.$ref;
        if (!nested && property.example === undefined) faults.push(`${where}: no example`);
        if (/Cents$/.test(field) && property.type !== 'integer')
          faults.push(`${where}: cents not an integer`);
        // Our own ids are UUIDs; a payment's transaction id and a correlation id come from outside.
        const ours =
          /^(order|service|customer|event|account)Id$/.test(field) || (field === 'id' && name !== 'ActorDto');
        if (ours && property.format !== 'uuid') faults.push(`${where}: an id that is not a uuid`);
        if (!property.description && !nested) faults.push(`${where}: no description`);
      }
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) fields(name, schema, name);
    expect(faults).toEqual([]);
    expect(doc.components.schemas.ParkedEventDto.properties?.eventId.format).toBe('uuid');
  });
});
