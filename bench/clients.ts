/**
 * The benchmark's devices, in their own process: N WebSocket clients that note, on the
 * monotonic clock shared by every process on the machine, when each order reached them.
 * Controlled over IPC by bench.ts.
 */
import io from 'socket.io-client';
import WebSocket from 'ws';
import type { Command, Reply, StartCommand } from './messages';

const sockets: WebSocket[] = [];
const socketIoClients: ReturnType<typeof io>[] = [];
/** Per order id: how many clients have it, and when the last one got it (ns). */
const arrivals = new Map<string, { clients: number; last: bigint }>();

function onOrder(data: WebSocket.RawData | string): void {
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

/** A reset or an error after the start is reported, never the end of this process. */
const reportError = (error: Error) => console.error(`bench device: ${error.message}`);

/** Devices as web-msg-sender's are: log in to the shop's room, take each `new_msg`. */
async function startSocketIo(command: StartCommand): Promise<void> {
  const opened = Array.from({ length: command.count }, () => {
    const socket = io(command.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socketIoClients.push(socket);
    socket.on('new_msg', onOrder);
    return new Promise<void>((resolve, reject) => {
      socket.on('connect', () => {
        socket.emit('login', 'shop');
        resolve();
      });
      socket.on('connect_error', reject);
    });
  });
  await Promise.all(opened);
}

async function start(command: StartCommand): Promise<void> {
  if (command.socketio) return startSocketIo(command);
  const opened = Array.from({ length: command.count }, () => {
    const socket = new WebSocket(command.url, { headers: command.token ? { Authorization: `Bearer ${command.token}` } : {}, perMessageDeflate: false });
    sockets.push(socket);
    socket.on('message', onOrder);
    return new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        if (command.hello) socket.send(JSON.stringify({ type: 'hello', epoch: command.resume?.epoch ?? null, lastSeq: command.resume?.lastSeq ?? 0, device: 'bench' }));
        resolve();
      });
      socket.once('error', reject);
      socket.on('error', reportError);
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
    for (const socket of socketIoClients) socket.close();
    process.exit(0);
  }
});
