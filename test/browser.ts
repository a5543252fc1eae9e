/** What the web view gets from a browser, for running it on Node: a WebSocket and localStorage. */
import WebSocket from 'ws';

/** A browser's WebSocket reports a refused connection as error then close, and never throws; ws throws without an error listener. */
export function browserLikeSocket(url: string): globalThis.WebSocket {
  const socket = new WebSocket(url);
  socket.on('error', () => {});
  return socket as unknown as globalThis.WebSocket;
}

export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}
