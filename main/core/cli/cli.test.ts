import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { cli, freePort, runCli } from '../../../test/cli';
import { sleep, tempDir, waitFor } from '../../../test/helpers';
import { rawRequest, startHub } from '../../../test/hub-harness';
import { Journal } from '../journal/journal';

describe('orderbell CLI', () => {
  it('prints usage for --help and for each command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: orderbell <command>/);
    for (const command of ['listen', 'hub', 'send']) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: orderbell ${command}`));
    }
  });

  it.each([
    [['listen', '--url', 'ws://127.0.0.1:1/ws', '--bogus'], 'orderbell listen: unknown flag --bogus'],
    [['listen'], 'orderbell listen: --url is required'],
    [['listen', '--url', 'http://x'], 'orderbell listen: --url must start with ws:// or wss://, got "http://x"'],
    [['listen', '--url', 'ws://x', '--mode', 'xml'], 'orderbell listen: --mode must be one of json, text, got "xml"'],
    [['listen', '--url', 'ws://x', '--mode', 'text', '--source', 'text'], 'orderbell listen: --mode cannot be combined with --source (use --source orderbell or --source text)'],
    [['listen', '--source', 'kafka', '--url', 'ws://x'], 'orderbell listen: --source must be one of orderbell, text, socketio, pusher, centrifugo, mqtt, sse, nats, redis, got "kafka"'],
    [['listen', '--source', 'mqtt', '--url', 'mqtt://127.0.0.1:1'], 'orderbell listen: --topic is required with --source mqtt'],
    [['listen', '--source', 'mqtt', '--url', 'http://x', '--topic', 't'], 'orderbell listen: --url must start with mqtt:// or mqtts:// or ws:// or wss://, got "http://x"'],
    [['listen', '--source', 'socketio', '--url', 'http://x', '--topic', 't'], 'orderbell listen: --topic is not used by --source socketio'],
    [['listen', '--source', 'pusher', '--url', 'ws://x', '--key', 'k'], 'orderbell listen: --channel is required with --source pusher'],
    [['listen', '--source', 'sse', '--url', 'http://x', '--header', 'no colon'], 'orderbell listen: --header must look like "Name: value", got "no colon"'],
    [['listen', '--source', 'text', '--url', 'ws://x', '--heartbeat-s', '5'], 'orderbell listen: --heartbeat-s needs --heartbeat-text (what to send)'],
    [['listen', '--source', 'text', '--url', 'ws://x', '--ignore', '('], /^orderbell listen: --ignore is not a valid regular expression: /],
    [['hub', '--port', 'abc'], 'orderbell hub: --port must be a whole number from 0 to 65535, got "abc"'],
    [['hub', '--port'], 'orderbell hub: --port needs a value'],
    [['send', '--url', 'http://127.0.0.1:1', '--token', '-starts-with-a-dash', '--text', 'x'], 'orderbell send: --token needs a value (one that starts with "-" is written --token=<value>)'],
    [['send', '--url', '--token', 't', '--text', 'x'], 'orderbell send: --url needs a value (one that starts with "-" is written --url=<value>)'],
    [['hub', '--keep-orders', '0'], 'orderbell hub: --keep-orders must be a positive number, got "0"'],
    [['hub', '--keep-bytes', '64 MB'], 'orderbell hub: --keep-bytes must be a positive size such as 500000, 512k, 64m or 1g, got "64 MB"'],
    [['hub', '--rate-limit', 'fast'], 'orderbell hub: --rate-limit must be a positive number of orders per second, got "fast"'],
    [['send', '--url', 'http://127.0.0.1:1'], 'orderbell send: give exactly one of --text, --json, --text-file, --json-file, --file'],
    [['send', '--url', 'http://127.0.0.1:1', '--json', '{'], /^orderbell send: --json is not valid JSON: /],
    [['dance'], 'orderbell: unknown command "dance"; try: listen, hub, send'],
  ])('%j exits 2 with a one-line error', async (args, message) => {
    const { code, stderr, stdout } = await cli(args, { env: { ORDERBELL_TOKEN: 't' } });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  });

  describe('hub and send', () => {
    it('generates and prints a token once, takes orders from send, and stops cleanly on SIGTERM', async () => {
      const dataDir = join(await tempDir(), 'hub');
      const hub = runCli(['hub', '--port', '0', '--data', dataDir]);
      const [, url] = await hub.waitForStdout(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const [, token] = await hub.waitForStdout(/give it to your backend and devices:\n(\S+)\n/);

      const sent = await cli(['send', '--url', url!, '--token', token!, '--json', '{"id":"A-1","table":3}']);
      expect(sent, `orderbell send said: ${sent.stderr}`).toMatchObject({ code: 0, stdout: '{"id":"A-1","seq":1,"state":"new"}\n' });
      const file = join(dataDir, '..', 'order.txt');
      await writeFile(file, 'two teas');
      expect((await cli(['send', '--url', url!, '--token', token!, '--file', file])).stdout).toMatch(/"seq":2,"state":"new"\}/);
      await hub.waitForStdout(/order A-1 stored as seq 1 from 127\.0\.0\.1/);

      const device = new WebSocket(`${url!.replace('http', 'ws')}/ws`, { headers: { Authorization: `Bearer ${token}` } });
      await new Promise((resolve) => device.once('open', resolve));
      const closeCode = new Promise<number>((resolve) => device.once('close', (code) => resolve(code)));
      hub.child.kill('SIGTERM');
      expect(await closeCode).toBe(1001);
      expect((await hub.exited).code).toBe(0);

      const again = runCli(['hub', '--port', '0', '--data', dataDir]);
      await again.waitForStdout(/using the token saved in/);
      expect(again.stdout()).not.toContain(token);
      again.child.kill('SIGINT');
      expect((await again.exited).code).toBe(0);
    });

    it('answers names given with --allow-host and refuses, with a log line, any other', async () => {
      const hub = runCli(['hub', '--port', '0', '--data', join(await tempDir(), 'hub'), '--allow-host', 'orders.shop.lan', '--allow-host', 'kitchen.lan']);
      const [, url] = await hub.waitForStdout(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const status = async (host: string) => (await rawRequest(`${url}/api/health`, { headers: { Host: host } })).status;
      expect([await status('orders.shop.lan'), await status('kitchen.lan:8083'), await status('evil.example')]).toEqual([200, 200, 421]);
      await hub.waitForStdout(/ refused GET \/api\/health: 421 host "evil\.example" is not one of this hub's names; add it with --allow-host from 127\.0\.0\.1\n/);
      hub.child.kill('SIGTERM');
      expect((await hub.exited).code).toBe(0);
    });

    it('send prints the error and exits 1 on a non-2xx answer or an unreachable hub', async () => {
      const { info } = await startHub();
      const wrong = await cli(['send', '--url', info.url, '--text', 'x'], { env: { ORDERBELL_TOKEN: 'wrong' } });
      expect(wrong).toMatchObject({ code: 1, stderr: 'orderbell send: HTTP 401: wrong token\n' });
      const dashed = await cli(['send', '--url', info.url, '--token=-starts-with-a-dash', '--text', 'x']);
      expect(dashed).toMatchObject({ code: 1, stderr: expect.stringMatching(/^orderbell send: HTTP 401: wrong token\n$/m) });
      const invalid = await cli(['send', '--url', info.url, '--json', '{"title":"no id"}'], { env: { ORDERBELL_TOKEN: info.token } });
      expect(invalid).toMatchObject({ code: 1, stderr: 'orderbell send: HTTP 400: invalid order: id: is required\n' });
      const port = await freePort();
      const unreachable = await cli(['send', '--url', `http://127.0.0.1:${port}`, '--text', 'x'], { env: { ORDERBELL_TOKEN: 't' } });
      expect(unreachable).toMatchObject({ code: 1, stderr: `orderbell send: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n` });
    });
  });

  describe('listen', () => {
    it('prints each order once as a JSON line, exits 0 on SIGINT, and resumes without repeats', async () => {
      const hub = await startHub();
      const dataDir = await tempDir();
      const args = ['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', dataDir];
      const first = runCli(args);
      await first.waitForStderr(/online: /);
      await hub.post({ id: 'A', table: 3, items: [{ name: 'Noodles', qty: 2 }] });
      await hub.post({ id: 'B' });
      await waitFor(() => first.stdoutLines().length === 2);
      expect(JSON.parse(first.stdoutLines()[0]!)).toEqual({ id: 'A', table: '3', items: [{ name: 'Noodles', qty: 2 }], seq: 1, handled: null, source: 'orderbell' });
      first.child.kill('SIGINT');
      expect((await first.exited).code).toBe(0);

      await hub.post({ id: 'C' });
      const second = runCli(args);
      await waitFor(() => second.stdoutLines().length === 1);
      await sleep(100);
      expect(second.stdoutLines().map((line) => JSON.parse(line).id)).toEqual(['C']);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    });

    it('never prints the token, whether given in the URL or with --token', async () => {
      const hub = await startHub({ token: 'S3cret/Token+0123456789' });
      const inUrl = runCli(['listen', '--url', `${hub.wsUrl}?token=${encodeURIComponent(hub.info.token)}`, '--data', await tempDir()]);
      await inUrl.waitForStderr(/online: ws:\/\/127\.0\.0\.1:\d+\/ws\?token=\*\*\*\n/);
      const wrong = runCli(['listen', '--url', `${hub.wsUrl}?token=Wrong-S3cret-987`, '--data', await tempDir()]);
      await wrong.waitForStderr(/offline: .*401.*; retrying/);
      const flag = runCli(['listen', '--url', `ws://user:S3cretPass@127.0.0.1:${hub.info.port}/ws`, '--token', hub.info.token, '--data', await tempDir()]);
      await flag.waitForStderr(/online: /);
      for (const run of [inUrl, wrong, flag]) {
        run.child.kill('SIGTERM');
        await run.exited;
        expect(run.stderr()).not.toMatch(/S3cret|Wrong-S3cret|S3cretPass/i);
      }
    });

    it('reports an unreachable server on stderr and keeps retrying', async () => {
      const port = await freePort();
      const listen = runCli(['listen', '--url', `ws://127.0.0.1:${port}/ws`, '--data', await tempDir()]);
      await listen.waitForStderr(/offline: connection refused \(is the server running\?\); retrying in \d+\.\d s/);
      await listen.waitForStderr(/connecting to [^\n]+\n(.|\n)*connecting to /);
      expect(listen.child.exitCode).toBeNull();
    });

    it('after kill -9 mid-stream and restarts: prints nothing twice, stores everything, misses only a write cut by the kill', async () => {
      const hub = await startHub({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
      const dataDir = await tempDir();
      const args = ['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', dataDir];
      const runs: string[][] = [];
      let posted = 0;
      for (let round = 0; round < 5; round++) {
        const listen = runCli(args);
        await listen.waitForStderr(/online: /);
        const stopAt = posted + 100 + Math.floor(Math.random() * 100);
        const posting = (async () => {
          while (posted < stopAt) await hub.post({ id: `o-${++posted}` });
        })();
        await waitFor(() => listen.stdoutLines().length >= 50, 10_000);
        listen.child.kill('SIGKILL');
        await listen.exited;
        await posting;
        runs.push(listen.stdoutLines().map((line) => JSON.parse(line).id as string));
      }
      const last = runCli(args);
      const everything = Array.from({ length: posted }, (_, i) => `o-${i + 1}`);
      await waitFor(() => last.stdoutLines().map((line) => JSON.parse(line).id).includes(`o-${posted}`), 10_000, 'the last order');
      last.child.kill('SIGINT');
      expect((await last.exited).code).toBe(0);
      runs.push(last.stdoutLines().map((line) => JSON.parse(line).id as string));

      // Nothing printed twice, and what was printed came in order.
      const printed = runs.flat();
      expect(new Set(printed).size).toBe(printed.length);
      expect(printed).toEqual(everything.filter((id) => printed.includes(id)));
      // Nothing lost: every order is in the journal, exactly once.
      const journal = await Journal.open(join(dataDir, 'journal.log'));
      expect([...journal.all()].map((stored) => stored.order.id)).toEqual(everything);
      await journal.close();
      // An order missing from the output can only be one whose write was cut by a kill:
      // stored, then killed before its line was printed (see docs/protocol.md).
      const firstAfterEachKill = runs.slice(1).map((run) => run[0]);
      const missing = everything.filter((id) => !printed.includes(id));
      for (const id of missing) {
        const next = everything[everything.indexOf(id) + 1];
        expect(missing.includes(next!) || firstAfterEachKill.includes(next), `${id} was not at a kill`).toBe(true);
      }
    });
  });
});
