/**
 * The benchmark's devices, in their own process: N WebSocket clients that note, on the
 * monotonic clock shared by every process on the machine, when each order reached them.
 * Controlled over IPC by bench.ts.
 */
import WebSocket from 'ws';

interface Start {
  kind: 'start';
  url: string;
  count: number;
  /** Protocol v1 (send hello) or a bare broadcast server (just listen). */
  hello: boolean;
  token?: string;
}

type Command = Start | { kind: 'report' } | { kind: 'reset' } | { kind: 'close' };

const sockets: WebSocket[] = [];
/** Per order id: how many clients have it, and when the last one got it (ns). */
let arrivals = new Map<string, { clients: number; last: bigint }>();
let frames = 0;

function onOrder(data: WebSocket.RawData): void {
  const now = process.hrtime.bigint();
  frames++;
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

async function start(command: Start): Promise<void> {
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

process.on('message', (command: Command) => {
  if (command.kind === 'start') {
    start(command).then(
      () => process.send!({ kind: 'started' }),
      (error: Error) => process.send!({ kind: 'error', message: error.message }),
    );
  } else if (command.kind === 'report') {
    process.send!({ kind: 'report', frames, arrivals: [...arrivals].map(([id, { clients, last }]) => [id, clients, last.toString()]) });
  } else if (command.kind === 'reset') {
    arrivals = new Map();
    frames = 0;
    process.send!({ kind: 'reset' });
  } else {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
