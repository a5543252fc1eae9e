/** A real HTTP webhook receiver on loopback that records what it was sent, and answers as a test tells it. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { defer, listenOnLoopback } from './helpers';

export interface ReceivedHook {
  headers: IncomingMessage['headers'];
  raw: string;
  body: { event: string; id: string; state: string; by: string; at: string; seq: number; readyAt?: string; reason?: string };
}

export type Answer = 'ok' | 'fail' | 'redirect' | 'hang' | { delayMs: number };

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedHook[];
  /** Requests answered 2xx, in the order they were answered. */
  accepted: ReceivedHook[];
  answer: Answer | ((hook: ReceivedHook) => Answer);
  close(): Promise<void>;
}

export async function webhookReceiver(): Promise<WebhookReceiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = { url: '', port: 0, received: [], accepted: [], answer: 'ok', close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const hook: ReceivedHook = { headers: req.headers, raw, body: JSON.parse(raw) };
      receiver.received.push(hook);
      const answer = typeof receiver.answer === 'function' ? receiver.answer(hook) : receiver.answer;
      const ok = () => {
        receiver.accepted.push(hook);
        res.writeHead(204).end();
      };
      if (answer === 'ok') ok();
      else if (answer === 'fail') res.writeHead(500, { 'Content-Type': 'text/plain' }).end('database is down');
      else if (answer === 'redirect') res.writeHead(302, { Location: 'http://elsewhere.invalid/hook' }).end();
      else if (answer === 'hang') hanging.add(res);
      else setTimeout(ok, answer.delayMs);
    });
  });
  receiver.port = await listenOnLoopback(server);
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks/orderbell`;
  receiver.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
  };
  defer(() => receiver.close());
  return receiver;
}
