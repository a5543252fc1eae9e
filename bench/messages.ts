/** What bench.ts and the device process (clients.ts) say to each other over IPC. */
export interface StartCommand {
  kind: 'start';
  url: string;
  count: number;
  /** Protocol v1 (send hello) or a bare broadcast server (just listen). */
  hello: boolean;
  /** Where a hello resumes (a hub's epoch and last seq): no replay. Without it, from the start. */
  resume?: { epoch: string; lastSeq: number };
  /** Socket.IO 2 devices (log in to the shop's room, take `new_msg`) instead of WebSockets. */
  socketio?: boolean;
  token?: string;
}

export type Command = StartCommand | { kind: 'report' } | { kind: 'close' };

export type Reply =
  | { kind: 'started' }
  | { kind: 'error'; message: string }
  /** Per order id: how many clients have it, and when the last one got it (ns, as a string). */
  | { kind: 'report'; arrivals: [string, number, string][] };
