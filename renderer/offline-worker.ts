/**
 * The web view's service worker: it keeps the order screen's own files, so a page reloaded
 * while the hub is away still opens, says it is offline, rings the offline alarm and
 * reconnects by itself. The network comes first, so while the hub is up a new build is what
 * loads; the API and the WebSocket are never touched.
 */
const CACHE = 'orderbell-screen';
const SOUNDS = ['silence', 'new-order-chime', 'new-order-bell', 'new-order-marimba', 'escalation', 'offline'];
/** Relative to the worker, which the page registers from the hub's root. */
const SCREEN_FILES = ['./', 'app.js', 'styles.css', 'station.css', 'manifest.webmanifest', 'icon.png', ...SOUNDS.map((name) => `sounds/${name}.wav`)];

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(answer: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SCREEN_FILES)).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const screenFile = event.request.method === 'GET' && url.origin === worker.location.origin && !url.pathname.startsWith('/api/') && url.pathname !== '/ws';
  if (screenFile) event.respondWith(fromNetworkElseKept(event.request));
});

async function fromNetworkElseKept(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200) void cache.put(request, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}
