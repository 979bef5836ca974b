// A reference, not the product: the least a durable event-sourced command can do over HTTP. Raw node:http
// parses the JSON body, appends one event to SQLite (WAL, synchronous=FULL, the application's events table
// and indexes), group-committed per event-loop turn, and answers with its position. No framework, no
// validation, no state, no projection: whatever the application adds costs on top of this.
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');

const dir = mkdtempSync(path.join(os.tmpdir(), 'renewals-bench-durable-'));
const db = new Database(path.join(dir, 'events.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE events (
  position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL, hash TEXT, UNIQUE (stream_id, revision))`);
const insert = db.prepare(
  'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, 0, ?, ?, ?, ?)',
);
const appendAll = db.transaction((items) => {
  for (const item of items)
    item.position = Number(
      insert.run(
        randomUUID(),
        `payment-${randomUUID()}`,
        'PaymentRegistered',
        item.body,
        '{}',
        new Date().toISOString(),
      ).lastInsertRowid,
    );
});

let pending = [];
function commit() {
  const items = pending;
  pending = [];
  appendAll.immediate(items);
  for (const { res, position } of items) {
    const out = JSON.stringify({ ok: true, position });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  }
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const parsed = JSON.parse(body);
    if (pending.length === 0) setImmediate(commit);
    pending.push({ res, body: JSON.stringify(parsed) });
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message !== 'stop') return;
  server.close(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
