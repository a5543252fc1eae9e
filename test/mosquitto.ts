/** A real Mosquitto broker per test, in a temp folder, stopped after the test. */
import { defer, tempDir } from './helpers';
import { MosquittoProcess, type BrokerOptions } from './mosquitto-process';

export const Mosquitto = {
  async start(options: BrokerOptions = {}): Promise<MosquittoProcess> {
    const broker = await MosquittoProcess.start(await tempDir(), options);
    defer(() => broker.stop());
    return broker;
  },
};
export type Mosquitto = MosquittoProcess;
