/**
 * A slowloris against the real `orderbell hub` process under a low open-file limit, while the
 * shop's backend posts orders and a device receives them. Everything runs on loopback; the
 * attackers use other loopback addresses (127.0.0.2–11) as other machines on the LAN would.
 */
import { existsSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawClient } from '../../../test/hub-harness';
import { defer, sleep, tempDir, waitFor } from '../../../test/helpers';
import { runCli } from '../../../test/cli';

const TOKEN = 'slowloris-test-token-0123456789';
const ATTACKERS = 300;
const ORDERS = 20;

/** Keeps `count` connections open that send their request one byte every 2 s, reopening closed ones. */
function slowloris(port: number, count: number): { stop: () => void; opened: () => number } {
  let stopped = false;
  let opened = 0;
  const sockets = new Set<Socket>();
  const open = (index: number): void => {
    if (stopped) return;
    opened++;
    const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${2 + (index % 10)}` });
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('connect', () => {
      // Half announce a huge body after a wrong token; half never finish their headers.
      socket.write(index % 2
        ? 'POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\nContent-Length: 1000000000\r\n\r\n'
        : 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    });
    const drip = setInterval(() => socket.writable && socket.write(index % 2 ? 'x' : 'X-a: b\r\n'), 2000);
    socket.on('close', () => {
      clearInterval(drip);
      sockets.delete(socket);
      setTimeout(() => open(index), 250);
    });
  };
  for (let i = 0; i < count; i++) open(i);
  const stop = () => {
    stopped = true;
    for (const socket of sockets) socket.destroy();
  };
  defer(stop);
  return { stop, opened: () => opened };
}

describe('a hub under a slowloris', () => {
  it(`takes ${ORDERS} orders and pushes them to a device while ${ATTACKERS} slow connections press a 256-descriptor limit`, async () => {
    const dataDir = join(await tempDir(), 'hub');
    const hub = runCli(['hub', '--port', '0', '--data', dataDir, '--token', TOKEN], { openFiles: 256 });
    const [, url] = await hub.waitForStdout(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const port = Number(new URL(url!).port);
    const device = await rawClient(`ws://127.0.0.1:${port}/ws`, TOKEN);
    device.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: 'kitchen' }));

    const attack = slowloris(port, ATTACKERS);
    await waitFor(() => attack.opened() >= ATTACKERS, 10_000, 'the attack to open its connections');
    const answers: number[] = [];
    // The hub's open descriptors, where Linux shows them: they must stay clear of the limit.
    const fds = `/proc/${hub.child.pid}/fd`;
    let mostFds = 0;
    const countFds = () => existsSync(fds) && (mostFds = Math.max(mostFds, readdirSync(fds).length));
    for (let i = 1; i <= ORDERS; i++) {
      countFds();
      const posted = await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: `during-attack-${i}` }),
        signal: AbortSignal.timeout(5000),
      });
      const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      answers.push(posted.status, health.status);
      await sleep(100);
    }
    await waitFor(() => device.messages.filter((m) => m.type === 'order').length === ORDERS, 10_000, 'every order at the device');
    attack.stop();

    expect(answers).toEqual(Array.from({ length: ORDERS }, () => [201, 200]).flat());
    // Anonymous connections get 48 of the 256: at most about half is ever open, the rest is the devices'.
    expect(mostFds).toBeLessThanOrEqual(128);
    expect(device.socket.readyState).toBe(device.socket.OPEN);
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
    const log = hub.stdout();
    expect(log).not.toMatch(/EMFILE|internal error/);
    // Refusals are logged with their reason, but an attack cannot flood the log.
    const refusals = log.split('\n').filter((line) => / refused /.test(line));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThanOrEqual(30);
    expect(log).toMatch(/\d+ more refusals not logged \(too many\): 127\.0\.0\.\d+ ×\d+/);
  }, 60_000);
});
