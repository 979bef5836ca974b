import 'reflect-metadata';
import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { DomainError } from '@app/kernel';
import { ConfigurationError, Projections, RebuildFailed } from '@app/platform';
import { progressReporter } from './progress';
import { AppModule } from './app.module';
import { loadConfig } from './config';

const USAGE = `usage: npm run projections -- <command>
  status                                  every projection and process: position, events behind, parked events
  rebuild <projection>                    build it anew from position 0 beside the live one, then swap it in
  rebuild --all                           every read model, one after another (never the email outbox)
  retry <projection> <position> [reason]  apply a parked event to its projection now
  skip <projection> <position> [reason]   leave a parked event out of its projection for good`;

/**
 * npm run projections: the projections of the configured deployment (DATA_DIR, DATABASE_URL, ...), seen
 * and acted on from a shell. It opens the application as an API process does (ROLE=api: nothing runs
 * here), so it works beside a running server or worker on the same data.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || !['status', 'rebuild', 'retry', 'skip'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const [name, rawPosition, ...reason] = args;
  if (command === 'rebuild' && (args.length !== 1 || !name)) {
    console.error(USAGE);
    return 2;
  }
  if (['retry', 'skip'].includes(command) && (!name || !/^[1-9]\d*$/.test(rawPosition ?? ''))) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig({ ...process.env, ROLE: 'api', SEED_DEMO_DATA: 'false' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    const projections = app.get(Projections);
    if (command === 'rebuild') {
      const names = name === '--all' ? projections.rebuildable : [name];
      const report = progressReporter(process.stdout);
      for (const each of names) {
        const done = await projections.rebuild(each, report);
        const rows = Object.entries(done.rows)
          .map(([table, n]) => `${table} ${n}`)
          .join(', ');
        console.log(
          `${done.projection}: rebuilt from ${done.events} events in ${done.seconds.toFixed(1)} s, live at position ${done.position} (${rows})`,
        );
      }
      return 0;
    }
    if (command === 'status') {
      const statuses = await projections.status();
      const rows = [
        ['name', 'kind', 'position', 'behind', 'parked'],
        ...statuses.map((s) => [
          s.name,
          s.kind,
          String(s.position),
          String(s.behind),
          s.kind === 'projection' ? String(s.parked) : '-',
        ]),
      ];
      const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
      for (const row of rows)
        console.log(
          row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join('  ')
            .trimEnd(),
        );
      const parked = (await projections.parkedEvents()).filter((p) => p.state === 'parked');
      if (parked.length > 0) {
        console.log(`\nparked (npm run projections -- retry|skip <projection> <position>):`);
        for (const p of parked)
          console.log(
            `  ${p.projection} @${p.position}  ${p.eventType}  ${p.attempts} tries, since ${p.parkedAt}: ${p.error.split('\n')[0]}`,
          );
      }
      return parked.length > 0 ? 1 : 0;
    }
    const done = await projections.actOnParked(
      name,
      Number(rawPosition),
      command as 'retry' | 'skip',
      `cli:${userInfo().username}`,
      reason.join(' ') || null,
    );
    console.log(
      `${done.projection} @${done.position} ${done.eventType}: ${done.state} by ${done.actedBy} at ${done.actedAt}`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      error instanceof DomainError || error instanceof ConfigurationError || error instanceof RebuildFailed
        ? error.message
        : error,
    );
    process.exit(error instanceof DomainError || error instanceof RebuildFailed ? 1 : 2);
  },
);
