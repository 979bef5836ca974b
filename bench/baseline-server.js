// The baseline: a raw node:http server that parses a JSON body and answers JSON, nothing else.
const http = require('node:http');

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const parsed = body ? JSON.parse(body) : {};
    const out = JSON.stringify({ ok: true, received: parsed });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => message === 'stop' && server.close(() => process.exit(0)));
