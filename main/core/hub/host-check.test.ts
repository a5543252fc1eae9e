import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawRequest, startHub, upgradeRefusal } from '../../../test/hub-harness';
import { HostCheck, hostName } from './host-check';

describe('the names the hub answers to', () => {
  it('reads the name from a Host header, with or without port and brackets', () => {
    expect(['shop-pc:8083', 'Shop-PC.', '[::1]:8083', '[FE80::1]', '192.168.1.20:80'].map(hostName)).toEqual(['shop-pc', 'shop-pc', '::1', 'fe80::1', '192.168.1.20']);
  });

  it('takes localhost, this machine\'s name and addresses and the allowed names; nothing else', () => {
    const check = new HostCheck(['orders.shop.lan', 'kitchen.lan:8083']);
    for (const host of ['localhost:8083', 'app.localhost', '127.0.0.1:8083', '[::1]:8083', `${hostname()}:8083`, `${hostname()}.local`, `${hostname()}.fritz.box:8083`, 'ORDERS.shop.lan:8083', 'kitchen.lan']) {
      expect([host, check.allows(host)]).toEqual([host, true]);
    }
    for (const host of ['evil.example', 'evil.example:8083', '127.0.0.1.evil.example', 'localhost.evil.example', `${hostname()}.evil.example`, '203.0.113.7', '']) {
      expect([host, check.allows(host)]).toEqual([host, false]);
    }
  });
});

describe('the hub refuses requests addressed to another name (DNS rebinding)', () => {
  const evil = 'evil.example';

  it('421 with a JSON error for HTTP requests, even those that need no token', async () => {
    const { info, logs } = await startHub();
    for (const [method, path] of [['GET', '/api/health'], ['GET', '/'], ['POST', '/api/orders'], ['GET', '/api/orders']]) {
      const answer = await rawRequest(`${info.url}${path}`, { method: method!, headers: { Host: `${evil}:${info.port}`, Authorization: `Bearer ${info.token}`, 'Content-Type': 'application/json' }, body: method === 'POST' ? '{"id":"x"}' : undefined });
      expect([path, answer.status, JSON.parse(answer.body)]).toEqual([path, 421, { error: 'host "evil.example:' + info.port + '" is not one of this hub\'s names; add it with --allow-host' }]);
    }
    expect((await rawRequest(`${info.url}/api/orders`, { headers: { Authorization: `Bearer ${info.token}` } })).body).toContain('"orders":[]');
    expect(logs).toContainEqual(expect.stringMatching(/^refused GET \/api\/health: 421 host "evil\.example:\d+" is not one of this hub's names.* from 127\.0\.0\.1$/));
  });

  it('421 for a WebSocket upgrade with Host evil, whatever the Origin; 403 for Origin evil on the hub\'s own name', async () => {
    const { wsUrl, info } = await startHub();
    const auth = { Authorization: `Bearer ${info.token}` };
    expect((await upgradeRefusal(wsUrl, { ...auth, Host: evil, Origin: `http://${evil}` })).status).toBe(421);
    expect((await upgradeRefusal(wsUrl, { ...auth, Host: `${evil}:${info.port}`, Origin: `http://${evil}:${info.port}` })).status).toBe(421);
    expect((await upgradeRefusal(wsUrl, { ...auth, Host: `${evil}:${info.port}` })).status).toBe(421);
    expect((await upgradeRefusal(wsUrl, { ...auth, Origin: `http://${evil}` })).status).toBe(403);
    expect((await upgradeRefusal(wsUrl, { ...auth, Host: `localhost:${info.port}`, Origin: `http://${evil}:${info.port}` })).status).toBe(403);
    await opens(wsUrl, { ...auth, Host: `localhost:${info.port}`, Origin: `http://localhost:${info.port}` });
  });

  it('answers names given with --allow-host, and takes them as its own origin', async () => {
    const { wsUrl, info } = await startHub({ allowedHosts: ['orders.shop.lan'] });
    const host = `orders.shop.lan:${info.port}`;
    expect((await rawRequest(`${info.url}/api/health`, { headers: { Host: host } })).status).toBe(200);
    await opens(wsUrl, { Authorization: `Bearer ${info.token}`, Host: host, Origin: `http://${host}` });
  });
});

function opens(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.terminate();
      resolve();
    });
    socket.once('error', reject);
  });
}
