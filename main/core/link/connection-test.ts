/** "Test connection" in Settings: does a protocol v1 push server answer, without switching to it. */
import WebSocket from 'ws';

/** What "Test connection" found. */
export type ConnectionTest =
  | { kind: 'hub-running'; port: number; clients: number }
  | { kind: 'hub-later'; port: number }
  | { kind: 'connected'; url: string }
  | { kind: 'failed'; url: string; error: string };

/** Opens a WebSocket to a push server and reports whether it answers within 5 s. */
export function testPushServer(url: string, token: string | undefined): Promise<ConnectionTest> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, handshakeTimeout: 5000, perMessageDeflate: false });
    } catch (error) {
      return resolve({ kind: 'failed', url, error: (error as Error).message });
    }
    socket.on('open', () => {
      socket.close(1000, 'test done');
      resolve({ kind: 'connected', url });
    });
    socket.on('error', (error) => resolve({ kind: 'failed', url, error: error.message }));
  });
}
