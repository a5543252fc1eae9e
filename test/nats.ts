/** A real NATS server with MQTT per test, in a temp folder, stopped after the test. */
import { defer, tempDir } from './helpers';
import { NatsProcess } from './nats-process';

export async function startNats(): Promise<NatsProcess> {
  const server = await NatsProcess.start(await tempDir());
  defer(() => server.stop());
  return server;
}
