import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs the project's dependency rule over a tree; the names of the rules it finds broken, with the files. */
function violations(tree: Record<string, string>): Array<{ rule: string; from: string; to: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'depcruise-'));
  try {
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    const libs = ['kernel', 'event-store', 'platform', 'renewals', 'read-models', 'notifier'];
    const paths = Object.fromEntries(
      libs.flatMap((lib) => [
        [`@app/${lib}`, [`libs/${lib}/src`]],
        [`@app/${lib}/*`, [`libs/${lib}/src/*`]],
      ]),
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }));
    for (const [file, content] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        [cli, 'libs', 'apps', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
        {
          cwd: dir,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (error) {
      output = (error as { stdout: string }).stdout; // a violation makes the exit code non-zero
    }
    const result = JSON.parse(output) as {
      summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
    };
    return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const clean = {
  'libs/kernel/src/index.ts': 'export const kernel = 1;\n',
  'libs/event-store/src/index.ts': "import { kernel } from '@app/kernel';\nexport const store = kernel;\n",
  'libs/platform/src/index.ts': "import { store } from '@app/event-store';\nexport const platform = store;\n",
  'libs/renewals/src/domain/index.ts': "import { kernel } from '@app/kernel';\nexport const rule = kernel;\n",
  'libs/renewals/src/application/orders.ts':
    "import { rule } from '../domain';\nexport const orders = rule;\n",
  'libs/renewals/src/index.ts': "export * from './application/orders';\n",
  'libs/read-models/src/index.ts':
    "import { orders } from '@app/renewals';\nimport { rule } from '@app/renewals/domain';\nexport const views = [orders, rule];\n",
  'libs/notifier/src/index.ts': "import { platform } from '@app/platform';\nexport const mail = platform;\n",
  'libs/platform/src/testing/index.ts':
    "import { platform } from '../index';\nexport const spec = platform;\n",
  'libs/notifier/src/mail.spec.ts':
    "import { spec } from '@app/platform/testing';\nexport const used = spec;\n",
  'apps/api/src/main.ts':
    "import { views } from '@app/read-models';\nimport { mail } from '@app/notifier';\nexport const app = [views, mail];\n",
  'test/support/helper.ts': 'export const helper = 1;\n',
};

describe('the dependency rule (dependency-cruiser, run by npm test)', () => {
  it('finds nothing wrong in a tree that keeps the layers', () => {
    expect(violations(clean)).toEqual([]);
  });

  it('fails on each kind of planted bad import', () => {
    const found = violations({
      ...clean,
      // A domain reaching into application code, and into infrastructure.
      'libs/renewals/src/domain/bad.ts':
        "import { orders } from '../application/orders';\nexport const bad = orders;\n",
      // The platform reaching up into the renewals, by a relative path, past the public surface.
      'libs/platform/src/bad.ts':
        "import { orders } from '../../renewals/src/application/orders';\nexport const bad = orders;\n",
      // Read models reaching into the notifier, and into the renewals' internals by alias.
      'libs/read-models/src/bad.ts':
        "import { mail } from '@app/notifier';\nimport { orders } from '@app/renewals/application/orders';\nexport const bad = [mail, orders];\n",
      // A library spec importing the root test folder.
      'libs/renewals/src/bad.spec.ts':
        "import { helper } from '../../../test/support/helper';\nexport const bad = helper;\n",
      // A cycle.
      'libs/notifier/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'libs/notifier/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      // Production code using a testing helper.
      'libs/notifier/src/bad.ts': "import { spec } from '@app/platform/testing';\nexport const bad = spec;\n",
      // Invoicing reaching into the read models.
      'libs/invoicing/src/bad.ts': "import { views } from '@app/read-models';\nexport const bad = views;\n",
      // The kernel importing anything.
      'libs/kernel/src/bad.ts': "import { store } from '@app/event-store';\nexport const bad = store;\n",
    });
    const rules = (from: string) =>
      found
        .filter((v) => v.from === from)
        .map((v) => v.rule)
        .sort();
    expect(rules('libs/renewals/src/domain/bad.ts')).toEqual(['domain-imports-only-domain-and-kernel']);
    expect(rules('libs/platform/src/bad.ts')).toEqual([
      'no-relative-import-across-libraries',
      'only-through-the-public-surface',
      'platform-only-above-kernel-and-event-store',
    ]);
    expect(rules('libs/read-models/src/bad.ts')).toEqual([
      'only-through-the-public-surface',
      'read-models-and-notifier-side-by-side',
    ]);
    expect(rules('libs/renewals/src/bad.spec.ts')).toEqual(['no-library-imports-test']);
    expect(found.some((v) => v.rule === 'no-cycles')).toBe(true);
    expect(rules('libs/kernel/src/bad.ts')).toEqual(['kernel-is-pure']);
    expect(rules('libs/invoicing/src/bad.ts')).toEqual(['invoicing-beside-read-models-and-notifier']);
    expect(rules('libs/notifier/src/bad.ts')).toEqual(['testing-helpers-only-in-specs']);
  });
});
