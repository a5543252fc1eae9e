/**
 * The floor the hub's latency is judged against: the least a durable hub must do, and
 * nothing more. An HTTP server takes a POSTed order, parses it, appends it to a file and
 * fdatasyncs it (on the event loop's thread, once per loop turn, as the hub's journal does),
 * then sends it to every WebSocket client and answers 201. No validation, no auth, no seq
 * bookkeeping, no retention, no log. Run as its own process, like `orderbell hub`, with the
 * same flags.
 * `--no-fsync` (BENCH_RELAY_FLAGS) leaves out the fdatasync, to see what the HTTP hop alone costs.
 */
import { fdatasyncSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { KEEP_ALIVE_HEADER, serverTimeouts } from '../main/core/hub/http';

const args = process.argv.slice(2);
const file = openSync(join(args[args.indexOf('--data') + 1]!, 'relay.log'), 'a');
let seq = 0;
const durable = !args.includes('--no-fsync');
let unsynced: (() => void)[] = [];
const afterWrite = (then: () => void) => {
  if (!durable) return then();
  if (unsynced.push(then) > 1) return;
  setImmediate(() => {
    const batch = unsynced;
    unsynced = [];
    fdatasyncSync(file);
    for (const committed of batch) committed();
  });
};

// Kept-alive connections as the hub keeps them: the bench's poster must meet no reset here either.
const server = createServer(serverTimeouts({}), (req, res) => {
  res.setHeader('Keep-Alive', KEEP_ALIVE_HEADER);
  if (req.method !== 'POST') return void res.end(JSON.stringify({ clients: sockets.clients.size, lastSeq: seq, epoch: 'relay' }));
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const order: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const mine = ++seq;
    const frame = JSON.stringify({ type: 'order', seq: mine, order });
    writeSync(file, `${frame}\n`);
    afterWrite(() => {
      for (const client of sockets.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(`{"seq":${mine}}`);
    });
  });
});
const sockets = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => process.exit(0));
