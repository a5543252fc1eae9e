/**
 * A real Aedes broker (npm; MQTT 3.1.1 only, it refuses MQTT 5 with "Unacceptable protocol
 * version") on a loopback port, in this process, with its default in-memory persistence:
 * sessions and queued QoS 1 messages last as long as the broker. Closed after the test.
 */
import { Aedes, type AedesOptions } from 'aedes';
import { createServer, type Socket } from 'node:net';
import { defer, listenOnLoopback } from './helpers';

export interface AedesBroker {
  url: string;
  port: number;
}

/** `options`: Aedes' own, e.g. authorizeSubscribe to refuse a subscription. */
export async function startAedes(options: AedesOptions = {}): Promise<AedesBroker> {
  const broker = await Aedes.createBroker(options);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  const port = await listenOnLoopback(server);
  defer(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });
  return { url: `mqtt://127.0.0.1:${port}`, port };
}
