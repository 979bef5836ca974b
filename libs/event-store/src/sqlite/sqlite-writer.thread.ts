import { parentPort, workerData } from 'node:worker_threads';
import {
  SqliteWriter,
  WriteOutcome,
  WriterControl,
  WriterMessage,
  WriterRequest,
  WriterThreadData,
  errorOutcome,
} from './sqlite-writer';

/*
 * The writer thread of one SQLite event file, started by the store that uses it. Requests that arrive
 * while a commit runs wait for the next one, so under load one fsync serves many appends (group commit)
 * without blocking the thread that serves HTTP.
 */
const { filename, options } = workerData as WriterThreadData;
/** A writer that cannot open its file answers every request with the reason (errors thrown here lose it on the way). */
let writer: SqliteWriter | null = null;
let openError: unknown = null;
try {
  writer = new SqliteWriter(filename, options);
} catch (error) {
  openError = error;
}
let queue: WriterRequest[] = [];

function send(message: WriterMessage): void {
  parentPort!.postMessage(message);
}

function flush(): void {
  const items = queue;
  queue = [];
  if (items.length === 0) return;
  let outcomes: WriteOutcome[];
  let committed: number | null = null;
  try {
    if (!writer) throw openError;
    const commit = writer.commit(items.map((item) => item.request));
    outcomes = commit.outcomes;
    committed = commit.lastPosition;
  } catch (error) {
    outcomes = items.map(() => errorOutcome(error));
  }
  items.forEach((item, index) => send({ id: item.id, outcome: outcomes[index] }));
  // The store's live subscribers hear of new events at once, and need not poll.
  if (committed !== null) send({ committed });
}

parentPort!.on('message', (message: WriterRequest | WriterControl) => {
  if ('id' in message) {
    if (queue.length === 0) setImmediate(flush);
    queue.push(message);
    return;
  }
  flush();
  writer?.close();
  parentPort!.close();
});
// The file is open (and migrated) now: the store may read.
send({ ready: true });
