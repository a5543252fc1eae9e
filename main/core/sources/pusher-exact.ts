/**
 * pusher-js parses each frame, and the event's data (a JSON string inside the frame, as every
 * Pusher server sends it), with JSON.parse before OrderBell sees it: a PHP BIGINT order number
 * sent as a bare number would lose its last digits there. Its Node runtime makes every WebSocket
 * through `Pusher.Runtime.createWebSocket`; the sockets made here hand pusher-js each frame with
 * such integers in quotes, in the frame and in its data string, so they arrive as their digits.
 */
import Pusher from 'pusher-js';
import { quoteBigIntegers } from '../orders/exact-json';

interface MessageSocket {
  onmessage: ((event: { data: unknown }) => void) | undefined;
}

let installed = false;

/** Once per process: every pusher-js client made afterwards reads big integers exactly. */
export function keepPusherDigits(): void {
  if (installed) return;
  installed = true;
  const runtime = Pusher.Runtime as unknown as { createWebSocket(url: string): MessageSocket };
  const create = runtime.createWebSocket.bind(runtime);
  runtime.createWebSocket = (url) => exactMessages(create(url));
}

/** pusher-js sets `onmessage` on the socket; what it sets gets each frame rewritten first. */
function exactMessages(socket: MessageSocket): MessageSocket {
  let handler: MessageSocket['onmessage'];
  Object.defineProperty(socket, 'onmessage', {
    configurable: true,
    get: () => handler,
    set: (listener: MessageSocket['onmessage']) => {
      handler = listener && ((event) => listener(typeof event.data === 'string' ? { ...event, data: exactFrame(event.data) } : event));
    },
  });
  return socket;
}

/** The frame with big integers quoted; a data string is rewritten only where it is JSON itself (text stays as sent). */
function exactFrame(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  const quoted = quoteBigIntegers(text);
  let frame: { data?: unknown };
  try {
    frame = JSON.parse(quoted) as { data?: unknown };
  } catch {
    return text; // pusher-js says what is wrong with it
  }
  if (typeof frame.data !== 'string' || !/\d{16}/.test(frame.data) || !isJson(frame.data)) return quoted;
  return JSON.stringify({ ...frame, data: quoteBigIntegers(frame.data) });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
