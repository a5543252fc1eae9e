import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';

async function stopped(hub: ReturnType<typeof runCli>): Promise<string> {
  hub.child.kill('SIGTERM');
  await hub.exited;
  return hub.stdout();
}

describe('orderbell hub', () => {
  it("prints the order screen's link with the token it just made, then only the address", async () => {
    const dataDir = join(await tempDir(), 'hub');
    const first = runCli(['hub', '--port', '0', '--data', dataDir]);
    const [, port, token] = await first.waitForStdout(/order screen on this PC only:\n {2}http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)\n/);
    const firstOutput = await stopped(first);
    expect(firstOutput).toContain(`give it to your backend and devices:\n${token}\n`);
    // A phone cannot open 127.0.0.1: the hub says how to open it to the shop's network.
    expect(firstOutput).toMatch(/ phones cannot open 127\.0\.0\.1: to let them, start the hub on the shop's network with --host 0\.0\.0\.0 \(npm start -- --host 0\.0\.0\.0\)\n/);
    expect(port).not.toBe('0');

    const again = runCli(['hub', '--port', '0', '--data', dataDir]);
    await again.waitForStdout(
      new RegExp(`order screen on this PC only \\(the page asks for the token in ${dataDir}/token\\):\\n {2}http://127\\.0\\.0\\.1:\\d+/\\n`),
    );
    const output = await stopped(again);
    expect(output).not.toContain(token);
    expect(output).not.toContain('\x1b['); // no QR code in a log: it is drawn for a terminal only
  });
});
