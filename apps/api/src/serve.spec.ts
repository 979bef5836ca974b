import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const serve = join(__dirname, '..', '..', '..', 'bin', 'serve');
const report =
  'console.log(JSON.stringify({ via: process.env.SERVED_VIA, flags: process.execArgv, threshold: process.env.MALLOC_MMAP_THRESHOLD_ }))';

/** What a process started by bin/serve (npm start, the Dockerfile, the compose worker, the benches) runs with. */
function started(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { MALLOC_MMAP_THRESHOLD_: _inherited, NODE: _npmsNode, ...parent } = process.env;
  const output = execFileSync(serve, [...args, '-e', report], {
    env: { ...parent, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output) as { via?: string; flags: string[]; threshold: string | undefined };
}

describe('bin/serve', () => {
  it("runs the node npm names (NODE), with the service's memory settings (docs/decisions.md #39)", () => {
    // A node of its own: this one, behind a script that says it was the one run.
    const dir = mkdtempSync(join(tmpdir(), 'serve-spec-'));
    const node = join(dir, 'node');
    writeFileSync(node, `#!/bin/sh\nSERVED_VIA=npm-node exec "${process.execPath}" "$@"\n`);
    chmodSync(node, 0o755);
    try {
      expect(started([], { NODE: node })).toEqual({
        via: 'npm-node',
        flags: ['--heap-growing-percent=50', '--max-semi-space-size=8', '-e', report],
        threshold: '131072',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the environment and the command line change them: the caller comes last', () => {
    const { flags, threshold } = started(['--heap-growing-percent=100'], {
      MALLOC_MMAP_THRESHOLD_: '4194304',
    });
    expect(threshold).toBe('4194304');
    expect(flags.slice(0, 3)).toEqual([
      '--heap-growing-percent=50',
      '--max-semi-space-size=8',
      '--heap-growing-percent=100',
    ]);
  });
});
