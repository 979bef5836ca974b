import { verifyLog } from '@app/event-store';
import { loadConfig } from './config';
import { engineNames, openEventStore } from './engines';
import { progressReporter } from './progress';

/**
 * npm run audit:verify: recomputes the hash chain of every stream in the configured event store
 * (DATA_DIR, DATABASE_URL, ...) and names the first event that was changed after it was stored.
 */
async function main(): Promise<number> {
  const config = loadConfig({ ...process.env, SEED_DEMO_DATA: 'false' });
  const store = await openEventStore(config);
  try {
    // Progress on stderr (a bar on a terminal), the verdict alone on stdout.
    const head = await store.headPosition();
    const started = Date.now();
    const report = progressReporter(process.stderr);
    const progress = (position: number, phase: 'building' | 'done') =>
      report({
        projection: 'audit:verify',
        position,
        head,
        eventsPerSecond: Math.round(position / Math.max((Date.now() - started) / 1000, 0.001)),
        phase,
      });
    const result = await verifyLog(store, 2_000, (position) => progress(position, 'building'));
    progress(head, 'done');
    const where = engineNames(config).events === 'sqlite' ? config.eventsFile : engineNames(config).events;
    if (!result.brokenLink) {
      console.log(
        `audit:verify OK: ${result.events} events in ${result.streams} streams, every hash chain intact (${where})`,
      );
      return 0;
    }
    const link = result.brokenLink;
    console.error(
      `audit:verify FAILED (${where}): ${link.reason} at position ${link.position}, stream ${link.streamId}, revision ${link.revision}, event ${link.eventId} (after ${result.events - 1} good events)`,
    );
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
