import 'reflect-metadata';
import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { DomainError } from '@app/kernel';
import { ConfigurationError, Projections } from '@app/platform';
import { AppModule } from './app.module';
import { loadConfig } from './config';

const USAGE = `usage: npm run projections -- <command>
  status                                  every projection and process: position, events behind, parked events
  retry <projection> <position> [reason]  apply a parked event to its projection now
  skip <projection> <position> [reason]   leave a parked event out of its projection for good`;

/**
 * npm run projections: the projections of the configured deployment (DATA_DIR, DATABASE_URL, ...), seen
 * and acted on from a shell. It opens the application as an API process does (ROLE=api: nothing runs
 * here), so it works beside a running server or worker on the same data.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || !['status', 'retry', 'skip'].includes(command)) {
    console.error(
      command === 'rebuild'
        ? `rebuild is not built yet: delete the read models and restart (README, Operations)\n${USAGE}`
        : USAGE,
    );
    return 2;
  }
  const [name, rawPosition, ...reason] = args;
  if (command !== 'status' && (!name || !/^[1-9]\d*$/.test(rawPosition ?? ''))) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig({ ...process.env, ROLE: 'api', SEED_DEMO_DATA: 'false' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    const projections = app.get(Projections);
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
      error instanceof DomainError || error instanceof ConfigurationError ? error.message : error,
    );
    process.exit(error instanceof DomainError ? 1 : 2);
  },
);
