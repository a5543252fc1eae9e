/**
 * The benchmark's devices, in their own process: N WebSocket clients that note, on the
 * monotonic clock shared by every process on the machine, when each order reached them.
 * Controlled over IPC by bench.ts.
 */
import WebSocket from 'ws';
import type { Command, Reply, StartCommand } from './messages';

const sockets: WebSocket[] = [];
/** Per order id: how many clients have it, and when the last one got it (ns). */
const arrivals = new Map<string, { clients: number; last: bigint }>();

function onOrder(data: WebSocket.RawData): void {
  const now = process.hrtime.bigint();
  const text = data.toString();
  const at = text.indexOf('"id":"');
  if (at < 0) return;
  const id = text.slice(at + 6, text.indexOf('"', at + 6));
  const entry = arrivals.get(id);
  if (entry) {
    entry.clients++;
    entry.last = now;
  } else arrivals.set(id, { clients: 1, last: now });
}

async function start(command: StartCommand): Promise<void> {
  const opened = Array.from({ length: command.count }, () => {
    const socket = new WebSocket(command.url, { headers: command.token ? { Authorization: `Bearer ${command.token}` } : {}, perMessageDeflate: false });
    sockets.push(socket);
    socket.on('message', onOrder);
    return new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        if (command.hello) socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: 'bench' }));
        resolve();
      });
      socket.once('error', reject);
    });
  });
  await Promise.all(opened);
}

const reply = (message: Reply) => process.send!(message);

process.on('message', (command: Command) => {
  if (command.kind === 'start') {
    start(command).then(
      () => reply({ kind: 'started' }),
      (error: Error) => reply({ kind: 'error', message: error.message }),
    );
  } else if (command.kind === 'report') {
    reply({ kind: 'report', arrivals: [...arrivals].map(([id, { clients, last }]) => [id, clients, last.toString()]) });
  } else {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
