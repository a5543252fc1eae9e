/** The fault proxy for tests: stopped after the test that started it. */
import { defer } from './helpers';
import { FaultProxy as Proxy } from './fault-proxy';

export type { ProxyMode } from './fault-proxy';

export class FaultProxy extends Proxy {
  static async start(targetPort: number): Promise<Proxy> {
    const proxy = await Proxy.listen(targetPort);
    defer(() => proxy.stop());
    return proxy;
  }
}
