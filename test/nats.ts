/** A real NATS server with its MQTT listener per test, in a temp folder, stopped after the test. */
import { defer, tempDir } from './helpers';
import { NatsCluster } from './nats-cluster';

export async function startNats(): Promise<{ url: string; port: number }> {
  const server = await NatsCluster.start(await tempDir(), { mqtt: true });
  defer(() => server.stop());
  return { url: server.mqttUrl, port: server.mqttPort };
}
