/**
 * A chain's backend for one shop on a real engine, for a test: a NATS server with the ORDERS
 * stream (the shop reads `orders.shop-1` as durable `shop-1`), or a Redis server with the shop's
 * stream `orders:shop-1` and its group `shop-1`. Each publishes an order as the backend would;
 * both are stopped after the test.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@redis/client';
import { defer, tempDir } from './helpers';
import { NatsCluster } from './nats-cluster';
import { RedisProcess } from './redis-process';

export interface StreamBackend {
  url: string;
  port: number;
  /** Publishes `payload` as order `id` for shop-1. */
  publish(id: string, payload: string): Promise<unknown>;
}

export async function natsBackend(): Promise<StreamBackend> {
  const server = await NatsCluster.start(await tempDir());
  defer(() => server.stop());
  const backend = await connect({ servers: server.url });
  defer(() => backend.close());
  await (await jetstreamManager(backend)).streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
  return {
    url: server.url,
    port: Number(new URL(server.url).port),
    publish: (id, payload) => jetstream(backend).publish('orders.shop-1', payload, { msgID: id }),
  };
}

export async function redisBackend(): Promise<StreamBackend> {
  const server = await RedisProcess.start(await tempDir());
  defer(() => server.stop());
  const backend = createClient({ url: server.url });
  await backend.connect();
  defer(() => backend.destroy());
  await backend.xGroupCreate('orders:shop-1', 'shop-1', '0', { MKSTREAM: true });
  return { url: server.url, port: server.port, publish: (_id, payload) => backend.xAdd('orders:shop-1', '*', { order: payload }) };
}
