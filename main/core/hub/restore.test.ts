/**
 * Restoring a hub's files, through real processes: a hub (`orderbell hub`) killed with -9 and
 * its data directory restored, replaced or cloned, and two devices (`orderbell listen`), one
 * running throughout and one killed with -9 before the restore and started again after it.
 * Every order must be printed by every device exactly once (docs/protocol.md, Log matching).
 */
import { copyFile, cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runCli, type CliProcess } from '../../../test/cli';
import { tempDir, waitFor } from '../../../test/helpers';
import { killHubProcess, post, startHubProcess, stopHubProcess, TOKEN } from '../../../test/hub-process';
import { SEQ_FLOOR_FILE } from './seq-floor';

const JOURNAL_FILE = 'hub-journal.log';

/** A device: `orderbell listen` on its own data directory, run again after each kill. */
class ListeningDevice {
  private readonly runs: CliProcess[] = [];

  constructor(
    private readonly port: number,
    private readonly dataDir: string,
  ) {
    this.start();
  }

  start(): void {
    this.runs.push(runCli(['listen', '--url', `ws://127.0.0.1:${this.port}/ws`, '--token', TOKEN, '--data', this.dataDir]));
  }

  async kill(): Promise<void> {
    this.current.kill('SIGKILL');
    await this.current.exited;
  }

  get current(): CliProcess {
    return this.runs.at(-1)!;
  }

  /** Every order id printed, over all its runs, in the order printed. */
  printed(): string[] {
    return this.runs.flatMap((run) => run.stdoutLines().map((line) => (JSON.parse(line) as { id: string }).id));
  }

  async printedAll(ids: string[]): Promise<void> {
    await waitFor(() => ids.every((id) => this.printed().includes(id)), 15_000, `${ids.join(', ')} printed; printed ${this.printed().join(', ')}`);
  }
}

const ids = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

async function postAll(port: number, orderIds: string[], status = 201): Promise<void> {
  for (const id of orderIds) expect((await post(port, id))?.status, id).toBe(status);
}

/** A second hub's data directory, `orders` posted to it, stopped cleanly; `from` seeds it with a copy of those files. */
async function otherHubFiles(orders: string[], from?: string): Promise<string> {
  const dataDir = join(await tempDir(), 'other-hub');
  if (from) await cp(from, dataDir, { recursive: true });
  const port = await freePort();
  const other = await startHubProcess(dataDir, port);
  await postAll(port, orders);
  await stopHubProcess(other);
  return dataDir;
}

interface Scenario {
  name: string;
  /** Orders the hub holds after the restore besides this shop's backup: those of the files put in place. */
  foreign: string[];
  /** Puts the files in place in `dataDir`, the hub being down; `backup` holds the hub's files after A1–A5. */
  restore(dataDir: string, backup: string, foreign: string[]): Promise<void>;
  /** Whether the hub itself must notice, by log matching, that the offline device's history is not its own. */
  matching: boolean;
}

const scenarios: Scenario[] = [
  {
    name: 'the journal restored from the backup, hub-seq.json left as it was',
    foreign: [],
    restore: (dataDir, backup) => copyFile(join(backup, JOURNAL_FILE), join(dataDir, JOURNAL_FILE)),
    matching: true,
  },
  {
    name: 'the journal and hub-seq.json restored together from the backup',
    foreign: [],
    restore: (dataDir, backup) => cp(backup, dataDir, { recursive: true }),
    matching: true,
  },
  {
    name: 'the journal restored and hub-seq.json deleted (a new epoch)',
    foreign: [],
    async restore(dataDir, backup) {
      await copyFile(join(backup, JOURNAL_FILE), join(dataDir, JOURNAL_FILE));
      await rm(join(dataDir, SEQ_FLOOR_FILE));
    },
    matching: false,
  },
  {
    name: "another hub's files (another shop's, with an epoch of its own)",
    foreign: ids('shop2-', 1, 12),
    async restore(dataDir, _backup, foreign) {
      await rm(dataDir, { recursive: true });
      await cp(await otherHubFiles(foreign), dataDir, { recursive: true });
    },
    matching: false,
  },
  {
    name: "a test hub's files cloned from this hub's backup, which took other orders since (the same epoch)",
    foreign: ids('test-', 1, 8),
    async restore(dataDir, backup, foreign) {
      await rm(dataDir, { recursive: true });
      await cp(await otherHubFiles(foreign, backup), dataDir, { recursive: true });
    },
    matching: true,
  },
];

describe('Restoring or replacing a hub’s files (real hub and device processes)', () => {
  it.each(scenarios)('$name: every device prints every order exactly once, online or offline meanwhile', async ({ foreign, restore, matching }) => {
    const dataDir = join(await tempDir(), 'hub');
    const backup = join(await tempDir(), 'backup');
    const port = await freePort();
    let hub = await startHubProcess(dataDir, port);
    const online = new ListeningDevice(port, join(await tempDir(), 'online'));
    const offline = new ListeningDevice(port, join(await tempDir(), 'offline'));

    await postAll(port, ids('A', 1, 5));
    await Promise.all([online.printedAll(ids('A', 1, 5)), offline.printedAll(ids('A', 1, 5))]);
    // The backup: taken at a clean stop, so its hub-seq.json says exactly seq 5.
    await stopHubProcess(hub);
    await cp(dataDir, backup, { recursive: true });
    hub = await startHubProcess(dataDir, port);
    await postAll(port, ids('B', 1, 5));
    await Promise.all([online.printedAll(ids('B', 1, 5)), offline.printedAll(ids('B', 1, 5))]);

    await offline.kill();
    await killHubProcess(hub);
    await restore(dataDir, backup, foreign);
    hub = await startHubProcess(dataDir, port);
    // The shop's backend posts again what it cannot be sure the hub kept, then new orders.
    await postAll(port, ids('B', 3, 5));
    await postAll(port, ids('C', 1, 10));
    const expected = [...ids('A', 1, 5), ...ids('B', 1, 5), ...foreign, ...ids('C', 1, 10), 'Z'];
    await online.printedAll(expected.filter((id) => id !== 'Z'));
    offline.start();
    // Orders follow a device's replay: once Z is printed, the replay is over.
    await postAll(port, ['Z']);
    await Promise.all([online.printedAll(['Z']), offline.printedAll(['Z'])]);

    for (const device of [online, offline]) expect(device.printed().sort()).toEqual(expected.sort());
    if (matching) {
      expect(hub.stdout()).toMatch(/holds order "B5" at seq 10, but this hub\S* .*: its history is not this hub's/);
      expect(offline.current.stderr()).toMatch(/the server's history does not hold this device's order at seq 10/);
    }
    await stopHubProcess(hub);
  }, 60_000);
});
