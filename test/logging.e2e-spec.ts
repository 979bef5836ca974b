import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, demoServiceId } from '../apps/api/src/demo-data';
import { orderStream } from '../libs/renewals/src/domain/order/order.events';
import { eventually } from './support/test-app';

const root = join(__dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Line = Record<string, unknown> & {
  level: string;
  msg: string;
  context?: string;
  correlationId?: string;
};

/**
 * `npm start`'s entry point as production runs it, its standard output a pipe (as a container's log
 * collector reads it): what an operator reads, line by line.
 */
describe('the log (e2e, the server as a process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renewals-log-'));
  let child: ChildProcess;
  let output = '';
  let exitCode: number | null = null;
  let base = '';
  const lines = (): Line[] =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);
  const correlationId = 'corr-log-e2e-1';
  let customerId = '';
  let orderId = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: '',
        EVENTSTORE_URL: '',
        DATA_DIR: join(dir, 'data'),
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_SECRET: 'logging',
        LOG_LEVEL: 'verbose',
        LOG_FORMAT: 'auto',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (code) => (exitCode = code));
    await eventually(() => {
      if (!lines().some((line) => line.event === 'started')) throw new Error('not started yet');
    }, 60_000);

    // Three wrong passwords, then the right one; then a command with the caller's correlation id.
    for (let i = 0; i < 3; i++)
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'mario.rossi@demo.it', password: 'wrong-password' }),
      });
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mario.rossi@demo.it', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    customerId = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sub;
    const renewal = await fetch(`${base}/me/services/${demoServiceId('rossi-studio')}/renewal`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        'x-correlation-id': correlationId,
      },
      body: '{}',
    });
    expect(renewal.status).toBe(201);
    expect(renewal.headers.get('x-correlation-id')).toBe(correlationId);
    orderId = ((await renewal.json()) as { orderId: string }).orderId;
    // The projections apply the order's events: their lines carry the request's correlation id. The second
    // event (the order requested) may go in a later batch than the first: wait for it.
    await eventually(() => {
      if (
        !lines().some(
          (line) =>
            line.correlationId === correlationId &&
            line.context?.startsWith('Projection') &&
            / applied RenewalRequested /.test(line.msg),
        )
      )
        throw new Error('not projected yet');
    }, 10_000);
    child.kill('SIGTERM');
    await eventually(() => {
      if (exitCode === null) throw new Error('still running');
    }, 20_000);
  }, 120_000);

  afterAll(() => {
    if (exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one JSON object per line, without colour codes, each with its level, time and process', () => {
    expect(output).not.toContain('\x1b');
    const all = lines();
    expect(all.length).toBeGreaterThan(20);
    for (const line of all) {
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(typeof line.time).toBe('string');
      expect(line.pid).toBe(child.pid);
      expect(typeof line.msg).toBe('string');
    }
  });

  it('has one line per request: method, route template, status, duration, user and correlation id', () => {
    const requests = lines().filter((line) => line.context === 'HTTP');
    const refused = requests.filter((line) => line.route === '/auth/login' && line.status === 401);
    expect(refused).toHaveLength(3);
    for (const line of refused) {
      expect(line.method).toBe('POST');
      expect(typeof line.durationMs).toBe('number');
      expect(line.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(line.userId).toBeUndefined();
    }
    expect(new Set(refused.map((line) => line.correlationId)).size).toBe(3);
    const command = requests.filter((line) => line.correlationId === correlationId);
    expect(command).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        route: '/me/services/:serviceId/renewal',
        status: 201,
        userId: customerId,
        msg: 'POST /me/services/:serviceId/renewal 201',
      }),
    ]);
    // The raw path (with its ids) is not on the line: the route template is.
    expect(JSON.stringify(command)).not.toContain(demoServiceId('rossi-studio'));
  });

  it("carries the request's correlation id on the lines of its command and of the events it appended", () => {
    const traced = lines().filter((line) => line.correlationId === correlationId);
    const commands = traced.filter((line) => line.context === 'Commands');
    // Opening a renewal is two commands: the service opens it, then the order is requested.
    expect(commands.map((line) => [line.level, line.command, line.outcome, line.userId])).toEqual([
      ['debug', 'OpenRenewalOrder', 'appended', customerId],
      ['debug', 'RequestRenewal', 'appended', customerId],
    ]);
    expect(commands[1].msg).toBe(`RequestRenewal ${orderStream(orderId)}: appended`);
    const projected = traced.filter((line) => line.context?.startsWith('Projection'));
    expect(projected.length).toBeGreaterThanOrEqual(2);
    for (const line of projected) {
      expect(line.msg).toMatch(/ applied \w+ at \d+$/);
      expect(line.msg).toContain(` at ${line.position}`);
    }
    expect(projected.map((line) => line.msg)).toContainEqual(
      expect.stringMatching(/applied RenewalRequested/),
    );
  });

  it('says when it started and when it stopped, and why', () => {
    const started = lines().filter((line) => line.event === 'started');
    expect(started).toEqual([
      expect.objectContaining({ level: 'info', context: 'Main', role: 'all', port: expect.any(Number) }),
    ]);
    expect(String(started[0].msg)).toMatch(/^started: all on http:\/\/localhost:\d+, events on sqlite/);
    const stops = lines().filter((line) => line.event === 'stopping' || line.event === 'stopped');
    expect(stops.map((line) => [line.event, line.reason])).toEqual([
      ['stopping', 'SIGTERM'],
      ['stopped', 'SIGTERM'],
    ]);
    expect(exitCode).toBe(0);
  });
});
