import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestApp } from './test-app';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Both streams, in the order they arrived. */
  output: string;
}

/** `npm run projections -- ...` in a process of its own, beside the running test app, on its engines. */
export async function projectionsCli(t: TestApp, ...args: string[]): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/api/src/projections-cli.ts', ...args],
    {
      cwd: join(__dirname, '..', '..'),
      env: {
        ...process.env,
        DATA_DIR: t.dataDir,
        AUTH_SECRET: 'e2e-secret',
        DATABASE_URL: t.config.databaseUrl ?? '',
        DATABASE_SCHEMA: t.config.databaseSchema,
        EVENTSTORE_URL: t.config.eventStoreUrl ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const run = { stdout: '', stderr: '', output: '' };
  child.stdout!.on('data', (chunk) => ((run.stdout += String(chunk)), (run.output += String(chunk))));
  child.stderr!.on('data', (chunk) => ((run.stderr += String(chunk)), (run.output += String(chunk))));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, ...run };
}
