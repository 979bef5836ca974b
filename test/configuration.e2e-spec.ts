import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const dirs: string[] = [];

/** `npm start`'s entry point as a process of its own: its exit code, its output and what it left in DATA_DIR. */
async function start(env: Record<string, string>) {
  const parent = mkdtempSync(join(tmpdir(), 'renewals-config-'));
  dirs.push(parent);
  const dataDir = join(parent, 'data');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', EVENTSTORE_URL: '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output, written: existsSync(dataDir) ? readdirSync(dataDir) : [] };
}

/** The start refuses a wrong setting or a taken port with its reason and exit code 1, having written nothing. */
describe('starting with a wrong configuration (e2e)', () => {
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('names a wrong LOG_LEVEL and the accepted levels', async () => {
    const { code, output, written } = await start({ LOG_LEVEL: 'foo', PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain('LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose, got "foo"');
    expect(written).toEqual([]);
  }, 60_000);

  it('refuses PORT=70000 before seeding anything', async () => {
    const { code, output, written } = await start({ PORT: '70000' });
    expect(code).toBe(1);
    expect(output).toContain('PORT must be a whole number from 0 to 65535, got "70000"');
    expect(output).not.toContain('successfully started');
    expect(written).toEqual([]);
  }, 60_000);

  it('says a taken port is taken, and seeds and writes nothing', async () => {
    const taken: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    const { port } = taken.address() as { port: number };
    try {
      const { code, output, written } = await start({ PORT: String(port), HOST: '127.0.0.1' });
      expect(code).toBe(1);
      expect(output).toContain(`PORT ${port} is already in use on 127.0.0.1`);
      expect(output).not.toContain('demo data seeded');
      expect(written).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);
});
