/**
 * `node dist/bench-web.js`: the web view's timing figures, printed as JSON. The page's own
 * code (WebBridge, HubSocket, the alert policy) runs on Node with ws standing in for the
 * browser's WebSocket; then the time to ring once more with the page in Chromium, where the
 * sound really starts. Typechecked with the DOM library, see bench/tsconfig.web.json.
 */
import { WebBridge } from '../renderer/web-bridge';
import { MemoryStorage, browserLikeSocket } from '../test/browser';
import { chromiumRingTimes, type ChromiumRing } from './chromium-ring';
import { QUICK } from './mode';
import { TOKEN } from './processes';
import { frameOrderId, noteRing, timingFigures, type LinkedDevice, type RingingDevice } from './timing-scenarios';

async function page(origin: string, onFrame: (data: string) => void = () => {}) {
  const openSocket = (url: string) => {
    const socket = browserLikeSocket(url);
    // Registered before the page's own onmessage: it sees each frame first.
    socket.addEventListener('message', (event) => onFrame(String(event.data)));
    return socket;
  };
  const bridge = new WebBridge(origin, TOKEN, new MemoryStorage(), Date.now, openSocket);
  let online = false;
  const ids = new Set<string>();
  bridge.onStatus((status) => (online = status.connection.state === 'online'));
  bridge.onOrdersChanged((views) => views.forEach((view) => ids.add(view.id)));
  await bridge.start();
  return { bridge, isOnline: () => online, has: (id: string) => ids.has(id) };
}

async function ringing(_wsUrl: string, origin: string): Promise<RingingDevice> {
  const arrivedAt = new Map<string, number>();
  const rangAt = new Map<string, number>();
  const { bridge, isOnline } = await page(origin, (data) => {
    const id = frameOrderId(data);
    if (id && !arrivedAt.has(id)) arrivedAt.set(id, performance.now());
  });
  bridge.onAlert((action) => action.kind === 'sound' && action.sound === 'new-order' && noteRing(arrivedAt, rangAt));
  return { arrivedAt, rangAt, isOnline, stop: () => bridge.stop() };
}

async function linked(_wsUrl: string, origin: string): Promise<LinkedDevice> {
  const { bridge, isOnline, has } = await page(origin);
  return { isOnline, has, reconnectNow: () => bridge.reconnectNow(), stop: () => bridge.stop() };
}

/** Quick mode rings the page in Chromium while the links are measured; a full run after them, alone. */
async function main(): Promise<void> {
  let chromium: ChromiumRing | undefined;
  const ringInChromium = async (): Promise<void> => {
    const started = performance.now();
    chromium = await chromiumRingTimes();
    console.error(`  timing web view: Chromium rung in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const figures = await timingFigures('web view', ringing, linked, QUICK ? ringInChromium : undefined);
  if (!QUICK) await ringInChromium();
  process.stdout.write(JSON.stringify({ ...figures, chromium }), () => process.exit(0));
}

main().then(
  () => {},
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
