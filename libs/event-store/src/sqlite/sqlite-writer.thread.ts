import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import {
  SqliteWriter,
  WriteOutcome,
  WriterControl,
  WriterRequest,
  WriterThreadData,
  errorOutcome,
} from './sqlite-writer';

/*
 * The writer thread of one SQLite event file. Each store on a thread of this process talks to it over a
 * MessagePort of its own. Requests that arrive while a commit runs wait for the next one, so under load
 * one fsync serves many appends (group commit) without blocking any thread that serves HTTP.
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
const clients = new Set<MessagePort>();
let queue: Array<WriterRequest & { port: MessagePort }> = [];

function serve(port: MessagePort): void {
  clients.add(port);
  // The file is open (and migrated) now: the store may read.
  port.postMessage({ ready: true });
  port.on('message', ({ id, request }: WriterRequest) => {
    if (queue.length === 0) setImmediate(flush);
    queue.push({ port, id, request });
  });
  port.on('close', () => clients.delete(port));
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
  items.forEach((item, index) => item.port.postMessage({ id: item.id, outcome: outcomes[index] }));
  // Every store of this file hears of new events at once, so its live subscribers need not poll.
  if (committed !== null) for (const client of clients) client.postMessage({ committed });
}

parentPort!.on('message', (message: WriterControl) => {
  if (message.op === 'connect') return serve(message.port);
  flush();
  writer?.close();
  for (const client of clients) client.close();
  parentPort!.close();
});
