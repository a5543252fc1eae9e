import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encode, MAX_MESSAGE_BYTES } from '../link/protocol';
import { rawClient, rawRequest, startHub, upgradeAnswer, upgradeRefusal } from '../../../test/hub-harness';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { DEVICE_NAMES } from '../../../test/device-names';
import { smallTmpfs, TMPFS_SKIP_REASON } from '../../../test/tmpfs';
import { rm, writeFile } from 'node:fs/promises';
import { Hub } from './hub';

describe('Hub HTTP API', () => {
  it('stores a JSON order and answers 201 with its id and seq', async () => {
    const { post } = await startHub();
    expect(await post({ id: 'A-1', table: 3 })).toMatchObject({ status: 201, body: { id: 'A-1', seq: 1 } });
    expect(await post({ id: 'A-2' })).toMatchObject({ status: 201, body: { id: 'A-2', seq: 2 } });
  });

  it('keeps every digit of a numeric id beyond 2^53 (PHP\'s json_encode of a BIGINT) as a string id', async () => {
    const { post, get } = await startHub();
    const body = '{"order_sn":2024120512345678901,"id":2024120512345678901,"title":"Table 4","total":58}';
    expect(await post(body)).toMatchObject({ status: 201, body: { id: '2024120512345678901', seq: 1 } });
    expect(await post('{"id":2024120512345678902}')).toMatchObject({ status: 201, body: { id: '2024120512345678902', seq: 2 } });
    const list = await get('/api/orders?since=0');
    expect((list.body.orders as { order: Record<string, unknown> }[])[0]!.order).toMatchObject({ id: '2024120512345678901', order_sn: '2024120512345678901', total: 58 });
  });

  it('answers a re-posted id with 200 and the original seq, and says and logs when the post differs from it', async () => {
    const { post, logs } = await startHub();
    await post({ id: 'A-1', table: '3', items: [{ name: 'Tea', qty: 1 }] });
    await post({ id: 'A-2' });
    const same = await post({ items: [{ qty: 1, name: 'Tea' }], table: '3', id: 'A-1' }); // a retry, fields in another order
    expect(same).toMatchObject({ status: 200, body: { id: 'A-1', seq: 1, duplicate: true } });
    expect(same.body.differs).toBeUndefined();
    expect(await post({ id: 'A-1', title: 'again' })).toMatchObject({ status: 200, body: { id: 'A-1', seq: 1, duplicate: true, differs: true } });
    expect(logs).toContainEqual('order A-1 posted again from 127.0.0.1; already stored as seq 1; this post differs from it and was not taken');
  });

  it.each(['.', '..'])('refuses the id %j with 400, from JSON and from the Idempotency-Key: it could never be marked done', async (id) => {
    const { post, get } = await startHub();
    expect(await post({ id })).toMatchObject({ status: 400, body: { error: expect.stringContaining('id: must not be "." or ".."') } });
    expect((await post('coffee', { contentType: 'text/plain', headers: { 'Idempotency-Key': id } })).status).toBe(400);
    expect((await get('/api/orders')).body.orders).toEqual([]);
  });

  it('takes a text/plain order, with a generated id or the Idempotency-Key', async () => {
    const { post, get } = await startHub();
    const first = await post('2x noodles, table 4', { contentType: 'text/plain; charset=utf-8' });
    expect(first.status).toBe(201);
    expect(first.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const keyed = await post('coffee', { contentType: 'text/plain', headers: { 'Idempotency-Key': 'pos-77' } });
    const again = await post('coffee', { contentType: 'text/plain', headers: { 'Idempotency-Key': 'pos-77' } });
    expect([keyed.status, again.status, again.body.seq]).toEqual([201, 200, 2]);
    const list = await get('/api/orders?since=0');
    expect((list.body.orders as { order: { text: string } }[]).map((o) => o.order.text)).toEqual(['2x noodles, table 4', 'coffee']);
  });

  it('searches every retained order by text and date, newest first, one page at a time', async () => {
    const { post, get, info } = await startHub();
    for (let i = 1; i <= 5; i++) await post({ id: `N-${i}`, note: i % 2 ? 'extra spicy' : 'mild', customer: { name: `Guest ${i}` } });
    await fetch(`${info.url}/api/orders/N-3/handled`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}` } });
    const spicy = await get('/api/history?text=SPICY&limit=2');
    expect(spicy.status).toBe(200);
    expect(spicy.body.total).toBe(3);
    const page = spicy.body.orders as { seq: number; order: { id: string }; receivedAt: string; handled: unknown }[];
    expect(page.map((o) => o.order.id)).toEqual(['N-5', 'N-3']);
    expect(page[1]!.handled).toMatchObject({ by: expect.any(String) });
    expect(Date.parse(page[0]!.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const next = await get('/api/history?text=spicy&limit=2&offset=2');
    expect((next.body.orders as { order: { id: string } }[]).map((o) => o.order.id)).toEqual(['N-1']);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await get(`/api/history?from=${tomorrow}`)).body).toEqual({ orders: [], total: 0, more: false });
    expect((await get(`/api/history?to=${tomorrow}&text=guest%204`)).body.total).toBe(1);
  });

  it('answers a handled mark with the handled state kept, the first one for a repeat', async () => {
    const { post, info } = await startHub();
    await post({ id: 'H-1' });
    const mark = async (device: string) => {
      const response = await fetch(`${info.url}/api/orders/H-1/handled`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}`, 'X-OrderBell-Device': device } });
      return [response.status, await response.json()];
    };
    const first = await mark('Kitchen');
    expect(first).toEqual([200, { id: 'H-1', seq: 1, handled: { by: 'Kitchen', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } }]);
    expect(await mark('Till 2')).toEqual(first);
  });

  it.each(DEVICE_NAMES)('signs a handled mark with a %s name from X-OrderBell-Device, percent-encoded or raw UTF-8', async (_kind, name) => {
    const { post, info } = await startHub();
    await post({ id: 'P' });
    await post({ id: 'R' });
    const headers = { Authorization: `Bearer ${info.token}` };
    const encoded = await fetch(`${info.url}/api/orders/P/handled`, { method: 'POST', headers: { ...headers, 'X-OrderBell-Device': encodeURIComponent(name) } });
    expect(((await encoded.json()) as { handled: { by: string } }).handled.by).toBe(name.slice(0, 64));
    // Node sends a header's characters as Latin-1 bytes: these are the name's UTF-8 bytes, as curl would send them.
    const raw = await rawRequest(`${info.url}/api/orders/R/handled`, { method: 'POST', headers: { ...headers, 'X-OrderBell-Device': Buffer.from(name).toString('latin1') } });
    expect((JSON.parse(raw.body) as { handled: { by: string } }).handled.by).toBe(name.slice(0, 64));
  });

  it('lists orders after a seq with their handled state', async () => {
    const { post, get, info } = await startHub();
    for (const id of ['A', 'B', 'C']) await post({ id });
    await fetch(`${info.url}/api/orders/B/handled`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}` } });
    const { status, body } = await get('/api/orders?since=1&limit=5');
    expect(status).toBe(200);
    expect(body).toMatchObject({ lastSeq: 3, epoch: info.epoch });
    const orders = body.orders as { seq: number; order: { id: string }; handled: unknown }[];
    expect(orders.map((o) => [o.seq, o.order.id, o.handled !== null])).toEqual([
      [2, 'B', true],
      [3, 'C', false],
    ]);
    expect(body.more).toBe(false);
    expect((await get('/api/orders?since=0&limit=2')).body.more).toBe(true);
  });

  it('keeps list and history answers within a byte budget, and says there is more', async () => {
    const { post, get } = await startHub();
    for (let i = 1; i <= 80; i++) expect((await post({ id: `big-${i}`, note: 'x'.repeat(16_000), text: 'y'.repeat(16_000), meta: { pad: 'z'.repeat(28_000) } })).status).toBe(201);
    const pages: number[] = [];
    let since = 0;
    for (let more = true; more; ) {
      const page = await get(`/api/orders?since=${since}&limit=1000`);
      const orders = page.body.orders as { seq: number }[];
      expect(JSON.stringify(page.body).length).toBeLessThan(4.2 * 1024 * 1024);
      pages.push(orders.length);
      since = orders.at(-1)!.seq;
      more = page.body.more as boolean;
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.reduce((a, b) => a + b)).toBe(80);
    const history = await get('/api/history?limit=1000');
    const found = (history.body.orders as unknown[]).length;
    expect([found < 80, history.body.total, history.body.more]).toEqual([true, 80, true]);
    expect(JSON.stringify(history.body).length).toBeLessThan(4.2 * 1024 * 1024);
    const rest = await get(`/api/history?limit=1000&offset=${found}`);
    expect((rest.body.orders as unknown[]).length).toBe(80 - found);
  });

  it('reports health without a token', async () => {
    const { get, info } = await startHub();
    const { status, body } = await get('/api/health', null);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, clients: 0, lastSeq: 0, epoch: info.epoch, uptimeS: expect.any(Number), prints: false });
  });

  it('answers HEAD /api/health like GET, without a body', async () => {
    const { info } = await startHub();
    const head = await rawRequest(`${info.url}/api/health`, { method: 'HEAD' });
    const get = await rawRequest(`${info.url}/api/health`);
    expect([head.status, head.body, head.headers['content-type']]).toEqual([200, '', get.headers['content-type']]);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
  });

  it('serves a status page at / without a token, with a strict CSP', async () => {
    const { info } = await startHub();
    const response = await fetch(`${info.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('OrderBell hub is running');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  describe('refuses bad requests with the right status and a JSON error naming the problem', () => {
    it('400 for a body that is not JSON', async () => {
      const { post } = await startHub();
      const { status, body } = await post('{"id": ', {});
      expect(status).toBe(400);
      expect(body.error).toMatch(/^body is not valid JSON: /);
    });

    it('400 for an invalid order, naming the field', async () => {
      const { post } = await startHub();
      expect(await post({ id: 'x', items: [{ name: 'a', qty: 0 }] })).toMatchObject({
        status: 400,
        body: { error: 'invalid order: items[0].qty: must be a positive number' },
      });
      expect(await post({ title: 'no id' })).toMatchObject({ status: 400, body: { error: 'invalid order: id: is required' } });
      expect(await post('{"id":12.5}')).toMatchObject({ status: 400, body: { error: 'invalid order: id: must be a whole number or a string, got 12.5' } });
    });

    it('400 for an id with zero-width characters, which would look like another id', async () => {
      const { post } = await startHub();
      const refusal = { status: 400, body: { error: 'invalid order: id: must not contain zero-width characters (U+200B-U+200D, U+2060, U+FEFF): it would look like another id' } };
      for (const id of ['A-1\u200b', '\ufeffA-1', 'A\u200d-1']) expect(await post({ id })).toMatchObject(refusal);
      expect(await post({ id: 'A-1' })).toMatchObject({ status: 201 });
    });

    it('400 for a body that is not UTF-8', async () => {
      const { info } = await startHub();
      const response = await fetch(`${info.url}/api/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${info.token}`, 'Content-Type': 'text/plain' },
        body: new Uint8Array([0x41, 0xff, 0x42]),
      });
      expect([response.status, await response.json()]).toEqual([400, { error: 'body is not valid UTF-8' }]);
    });

    it('401 for a missing or wrong token', async () => {
      const { post, get } = await startHub();
      expect(await post({ id: 'x' }, { token: null })).toMatchObject({ status: 401, body: { error: expect.stringMatching(/^missing token/) } });
      expect(await post({ id: 'x' }, { token: 'nope' })).toMatchObject({ status: 401, body: { error: 'wrong token' } });
      expect((await get('/api/orders', 'nope')).status).toBe(401);
    });

    it('404 for an unknown endpoint or order', async () => {
      const { get, info } = await startHub();
      expect(await get('/api/nothing')).toMatchObject({ status: 404, body: { error: 'no such endpoint: GET /api/nothing' } });
      const response = await fetch(`${info.url}/api/orders/ghost/handled`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}` } });
      expect([response.status, await response.json()]).toEqual([404, { error: 'no order with id "ghost"' }]);
    });

    it('405 for a wrong method, with Allow', async () => {
      const { info } = await startHub();
      const response = await fetch(`${info.url}/api/orders`, { method: 'DELETE', headers: { Authorization: `Bearer ${info.token}` } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST');
      expect(await response.json()).toEqual({ error: 'DELETE is not allowed here; use GET or POST' });
    });

    it('413 for a body over 64 KiB', async () => {
      const { post } = await startHub();
      const { status, body } = await post({ id: 'big', text: 'x'.repeat(MAX_MESSAGE_BYTES) });
      expect(status).toBe(413);
      expect(body.error).toMatch(/the limit is 65536 bytes$/);
    });

    it('takes an order only if its frame fits a device even once handled, and replays it so', async () => {
      const { post, get, info, wsUrl } = await startHub();
      const bare = encode({ type: 'order', seq: Number.MAX_SAFE_INTEGER, order: { id: 'big', meta: { blob: '' } }, receivedAt: new Date().toISOString() });
      const room = MAX_MESSAGE_BYTES - Buffer.byteLength(bare);
      // It would fit as a live order, but not replayed with a handled state.
      const tooBig = await post({ id: 'big', meta: { blob: 'x'.repeat(room) } });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error).toMatch(/^order is \d+ bytes once framed for devices with its handled state; the limit is 65536$/);
      const over = Number(/is (\d+) bytes/.exec(tooBig.body.error as string)![1]) - MAX_MESSAGE_BYTES;
      expect(await post({ id: 'big', meta: { blob: 'x'.repeat(room - over) } })).toMatchObject({ status: 201 });
      // Handled by a device with a long name of three-byte characters (cut to 64 of them).
      const till = await rawClient(wsUrl, info.token);
      till.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: '收银台'.repeat(30) }));
      await waitFor(() => till.messages.some((m) => m.type === 'order'));
      till.socket.send(JSON.stringify({ type: 'handle', id: 'big' }));
      await waitFor(() => till.messages.some((m) => m.type === 'handled'));
      expect((await get('/api/orders?since=0')).body.orders).toMatchObject([{ handled: { by: '收银台'.repeat(30).slice(0, 64) } }]);
      // A device that connects now gets it replayed with that state, within its frame limit.
      const late = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${info.token}` }, maxPayload: MAX_MESSAGE_BYTES });
      defer(() => late.terminate());
      const frames: string[] = [];
      late.on('message', (data) => frames.push(data.toString()));
      const closed = new Promise<never>((_, reject) => late.on('close', (code) => reject(new Error(`the device was cut off: ${code}`))));
      late.on('open', () => late.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: 'late' })));
      await Promise.race([waitFor(() => frames.some((frame) => frame.includes('"type":"order"'))), closed]);
      expect(JSON.parse(frames.find((frame) => frame.includes('"type":"order"'))!)).toMatchObject({ order: { id: 'big' }, handled: { by: '收银台'.repeat(30).slice(0, 64) } });
    });

    it('415 for another content type', async () => {
      const { post } = await startHub();
      expect(await post('id=1', { contentType: 'application/x-www-form-urlencoded' })).toMatchObject({
        status: 415,
        body: { error: 'Content-Type "application/x-www-form-urlencoded" is not accepted; send application/json or text/plain' },
      });
    });

    it('429 once a client exceeds its rate, with Retry-After; the log line names the peer once', async () => {
      const { post, logs } = await startHub({ rateLimit: { perSecond: 1, burst: 3 } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await post({ id: `r${i}` })).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      const refused = await post({ id: 'r9' });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error).toBe('too many orders; retry in 1 s');
      const line = logs.find((entry) => entry.includes(' 429 '))!;
      expect(line).toBe('refused POST /api/orders: 429 too many orders; retry in 1 s from 127.0.0.1');
    });

    it('by default takes a POS flushing 300 queued orders at once, and still slows callers without the right token', async () => {
      const { post } = await startHub();
      const flush = await Promise.all(Array.from({ length: 300 }, (_, i) => post({ id: `queued-${i}` })));
      expect(flush.filter((answer) => answer.status !== 201)).toEqual([]);
      const guesses = [];
      do guesses.push(await post({ id: 'guess' }, { token: `wrong-${guesses.length}` }));
      while (guesses.at(-1)!.status === 401 && guesses.length < 2000);
      expect(guesses.length).toBeGreaterThan(200); // the burst, and what refilled meanwhile
      expect(guesses.at(-1)).toMatchObject({ status: 429, body: { error: 'too many requests without the right token; retry in 1 s' } });
      expect(guesses.at(-1)!.headers.get('retry-after')).toBe('1');
      expect((await post({ id: 'still-taken' })).status).toBe(201);
    });

    it('400 for bad list and history parameters', async () => {
      const { get } = await startHub();
      expect(await get('/api/orders?limit=0')).toMatchObject({ status: 400, body: { error: 'limit: must be an integer from 1 to 1000' } });
      expect(await get('/api/orders?since=-1')).toMatchObject({ status: 400 });
      expect(await get('/api/history?from=yesterday')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^from: must be an ISO 8601 date or date-time/) } });
      expect(await get('/api/history?offset=1.5')).toMatchObject({ status: 400, body: { error: 'offset: must be an integer from 0 to 9007199254740991' } });
      expect((await get('/api/history', 'nope')).status).toBe(401);
    });

    it.skipIf(process.getuid?.() !== 0)('503 when the journal cannot be written (disk full), never a 201; recovers after (needs root to mount a tmpfs)', async () => {
      const disk = smallTmpfs(128);
      if (!disk) return console.warn(`skipped: ${TMPFS_SKIP_REASON}`);
      await writeFile(join(disk, 'ballast'), Buffer.alloc(32 * 1024));
      const { post, get } = await startHub({ dataDir: join(disk, 'hub'), rateLimit: { perSecond: 10_000, burst: 10_000 } });
      const answers = [];
      for (let i = 0; i < 200; i++) {
        const answer = await post({ id: `o-${i}`, text: 'x'.repeat(2000) });
        answers.push(answer);
        if (answer.status !== 201) break;
      }
      const refused = answers.at(-1)!;
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatch(/^could not store the order, nothing was sent to devices; retry later \(journal write failed: .*ENOSPC/);
      expect(refused.headers.get('retry-after')).toBe('5');
      await rm(join(disk, 'ballast'));
      const retried = await post({ id: `o-${answers.length - 1}`, text: 'x'.repeat(2000) });
      expect(retried.status).toBe(201);
      const stored = (await get('/api/orders?limit=1000')).body.orders as { order: { id: string } }[];
      expect(stored.map((entry) => entry.order.id)).toEqual(answers.map((_, i) => `o-${i}`));
    });

    it('426 for /ws without an upgrade', async () => {
      const { get } = await startHub();
      expect((await get('/ws')).status).toBe(426);
    });
  });

  describe('WebSocket admission', () => {
    it('401 without a token, and accepts ?token= for browsers', async () => {
      const { wsUrl, info } = await startHub();
      expect(await upgradeRefusal(wsUrl)).toEqual({ status: 401, body: expect.stringContaining('missing token') });
      const { messages } = await rawClient(`${wsUrl}?token=${info.token}`, '');
      await waitFor(() => messages.length === 1);
      expect(messages[0]).toEqual({ type: 'welcome', epoch: info.epoch, lastSeq: 0 });
    });

    it('403 for a browser page from another origin; the hub\'s own origin and listed ones pass', async () => {
      const { wsUrl, info } = await startHub({ allowedOrigins: ['http://pos.local'] });
      const auth = { Authorization: `Bearer ${info.token}` };
      expect(await upgradeRefusal(wsUrl, { ...auth, Origin: 'http://evil.example' })).toEqual({
        status: 403,
        body: JSON.stringify({ error: 'origin http://evil.example is not allowed; add it with --allow-origin' }),
      });
      await rawClient(wsUrl, info.token, { Origin: `http://127.0.0.1:${info.port}` });
      await rawClient(wsUrl, info.token, { Origin: 'http://pos.local' });
    });

    it('503 over the connection limit, without disturbing connected devices', async () => {
      const { wsUrl, info } = await startHub({ maxClients: 2 });
      const first = await rawClient(wsUrl, info.token);
      await rawClient(wsUrl, info.token);
      expect((await upgradeRefusal(wsUrl, { Authorization: `Bearer ${info.token}` })).status).toBe(503);
      expect(first.socket.readyState).toBe(first.socket.OPEN);
    });

    it('closes a connection that sends a message over 64 KiB with 1009, and only that one', async () => {
      const { wsUrl, info, post } = await startHub();
      const big = await rawClient(wsUrl, info.token);
      const other = await rawClient(wsUrl, info.token);
      other.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0 }));
      const code = new Promise<number>((resolve) => big.socket.on('close', (c) => resolve(c)));
      big.socket.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
      expect(await code).toBe(1009);
      await post({ id: 'after' });
      await waitFor(() => other.messages.some((m) => m.type === 'order'));
    });

    it('selects no subprotocol, even when the client offers one', async () => {
      const { wsUrl, info } = await startHub();
      const answer = await upgradeAnswer(wsUrl, { Authorization: `Bearer ${info.token}`, 'Sec-WebSocket-Protocol': 'chat, superchat' });
      expect(answer.status).toBe(101);
      expect(answer.headers['sec-websocket-protocol']).toBeUndefined();
    });

    it('refuses an ack before hello and an ack of a seq never sent; the log keeps the true acked seq', async () => {
      const { wsUrl, info, post, logs, stop } = await startHub();
      await post({ id: 'A' });
      await post({ id: 'B' });
      const { socket, messages } = await rawClient(wsUrl, info.token);
      socket.send(JSON.stringify({ type: 'ack', seq: 2 }));
      await waitFor(() => messages.length === 2);
      expect(messages[1]).toEqual({ type: 'error', code: 'bad-message', message: 'ack: sent before hello' });
      socket.send(JSON.stringify({ type: 'hello', epoch: info.epoch, lastSeq: 1, device: 'Till 1' }));
      await waitFor(() => messages.some((m) => m.type === 'order'));
      socket.send(JSON.stringify({ type: 'ack', seq: 2 }));
      socket.send(JSON.stringify({ type: 'ack', seq: 999 }));
      await waitFor(() => messages.length === 4);
      expect(messages[3]).toEqual({ type: 'error', code: 'bad-message', message: 'ack: seq 999 was never sent on this connection (sent up to 2)' });
      // A hello that claims more than the hub ever had proves nothing either.
      const boaster = await rawClient(wsUrl, info.token);
      boaster.socket.send(JSON.stringify({ type: 'hello', epoch: info.epoch, lastSeq: 50 }));
      boaster.socket.send(JSON.stringify({ type: 'ack', seq: 40 }));
      await waitFor(() => boaster.messages.some((m) => m.type === 'error'));
      expect(boaster.messages.find((m) => m.type === 'error')).toMatchObject({ message: 'ack: seq 40 was never sent on this connection (sent up to 2)' });
      socket.close();
      await stop();
      expect(logs).toContainEqual(expect.stringMatching(/^Till 1 \(127\.0\.0\.1\) disconnected, code 1005, acked up to seq 2 /));
    });

    it('writes a device name full of control and bidi characters as one plain line, in the log and in handled.by', async () => {
      const { wsUrl, info, post, get, logs } = await startHub();
      await post({ id: 'A' });
      const { socket, messages } = await rawClient(wsUrl, info.token);
      const device = 'Till\r\n2026-01-01T00:00:00Z order X stored\u001b[2J\u0000\u202eevil\u0085';
      socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device }));
      socket.send(JSON.stringify({ type: 'handle', id: 'A' }));
      await waitFor(() => messages.some((m) => m.type === 'handled'));
      const clean = 'Till 2026-01-01T00:00:00Z order X stored[2Jevil';
      expect(messages.find((m) => m.type === 'handled')).toMatchObject({ by: clean });
      expect(((await get('/api/orders')).body.orders as { handled: { by: string } }[])[0]!.handled.by).toBe(clean);
      expect(logs.join('\n')).toContain(`${clean} (127.0.0.1) resumes after seq 0`);
      expect(logs.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u0085\u202e]/);
    });

    it('answers a malformed message after hello with an error message and stays open', async () => {
      const { wsUrl, info } = await startHub();
      const { socket, messages } = await rawClient(wsUrl, info.token);
      socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0 }));
      socket.send('{"type":"hello","epoch":5}');
      socket.send('not json');
      await waitFor(() => messages.length === 3);
      expect(messages.slice(1)).toEqual([
        { type: 'error', code: 'bad-message', message: 'hello.epoch: must be a string or null' },
        { type: 'error', code: 'bad-message', message: expect.stringMatching(/^message: not valid JSON/) },
      ]);
      expect(socket.readyState).toBe(socket.OPEN);
    });

    it('ends the connection of a hello it refuses, says why, and never counts that device', async () => {
      const { wsUrl, info, post, get, logs } = await startHub();
      const { socket, messages } = await rawClient(wsUrl, info.token);
      const closed = new Promise<[number, string]>((resolve) => socket.on('close', (code, reason) => resolve([code, reason.toString()])));
      socket.send('{"type":"hello","epoch":5,"lastSeq":0}');
      expect(await closed).toEqual([4400, 'hello refused: hello.epoch: must be a string or null']);
      expect(messages[1]).toEqual({ type: 'error', code: 'hello-refused', message: 'hello.epoch: must be a string or null' });
      const waiting = await rawClient(wsUrl, info.token); // connected, no hello yet: not a device that receives orders
      await post({ id: 'A' });
      expect((await get('/api/health')).body.clients).toBe(0);
      expect(logs).toContainEqual('order A stored as seq 1 from 127.0.0.1, sent to 0 device(s)');
      expect(logs).toContainEqual('refused the hello of the device at 127.0.0.1: hello.epoch: must be a string or null');
      waiting.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0 }));
      await waitFor(() => waiting.messages.some((m) => m.type === 'order'));
      expect((await get('/api/health')).body.clients).toBe(1);
    });

    it.each(DEVICE_NAMES)('takes a hello with a %s device name and signs what it handles with it, kept to 64 characters', async (_kind, device) => {
      const { wsUrl, info, post, get } = await startHub();
      await post({ id: 'A' });
      const { socket, messages } = await rawClient(wsUrl, info.token);
      socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device, heartbeat: true }));
      await waitFor(() => messages.some((m) => m.type === 'order'));
      expect((await get('/api/health')).body.clients).toBe(1);
      socket.send(JSON.stringify({ type: 'handle', id: 'A' }));
      await waitFor(() => messages.some((m) => m.type === 'handled'));
      expect(messages.find((m) => m.type === 'handled')).toMatchObject({ by: device.slice(0, 64) });
      expect(messages.some((m) => m.type === 'error')).toBe(false);
    });
  });

  it('generates a token on first start, keeps it in the data directory, and reuses it', async () => {
    const dataDir = join(await tempDir(), 'hub');
    const first = new Hub({ dataDir, port: 0 });
    const info = await first.start();
    await first.stop();
    expect(info.tokenCreated).toBe(true);
    expect((await readFile(join(dataDir, 'token'), 'utf8')).trim()).toBe(info.token);
    const second = new Hub({ dataDir, port: 0 });
    const again = await second.start();
    await second.stop();
    expect([again.token, again.tokenCreated, again.epoch]).toEqual([info.token, false, info.epoch]);
  });

  it('stops cleanly when told to while it is still starting (an app quitting at log-in), and frees its data directory', async () => {
    const dataDir = join(await tempDir(), 'hub');
    const hub = new Hub({ dataDir, port: 0, token: 'quit-early-token-0123456789' });
    const started = hub.start();
    await hub.stop();
    const info = await started;
    expect((await fetch(`${info.url}/api/health`).catch((error: Error) => error)) instanceof Error).toBe(true);
    const again = await startHub({ dataDir });
    expect((await again.post({ id: 'after-early-stop' })).status).toBe(201);
  });

  it('stops at once when it never started', async () => {
    await expect(new Hub({ dataDir: join(await tempDir(), 'hub'), port: 0 }).stop()).resolves.toBeUndefined();
  });

  it('reports a port already in use clearly, and leaves its data directory usable', async () => {
    const first = await startHub();
    const dataDir = join(await tempDir(), 'hub');
    const clash = new Hub({ dataDir, port: first.info.port, token: 'clash-token-0123456789' });
    await expect(clash.start()).rejects.toThrow(`port ${first.info.port} is already in use; choose another port`);
    const retry = await startHub({ dataDir });
    expect((await retry.post({ id: 'after-clash' })).status).toBe(201);
  });

  it('has a new epoch only for a new data directory', async () => {
    const a = await startHub();
    const b = await startHub();
    expect(a.info.epoch).not.toBe(b.info.epoch);
  });

  it('binds 127.0.0.1 unless told otherwise', async () => {
    const { info } = await startHub();
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
  });
});
