/** The shared redial rule: the backoff starts over only after a link stayed online long enough or delivered an order. */
import { describe, expect, it } from 'vitest';
import { defer, sleep, waitFor } from '../../../test/helpers';
import { RedialingSource } from './redial';

/** A source whose link the test opens, brings online, feeds and drops. */
class ScriptedSource extends RedialingSource {
  opens = 0;
  readonly delays: number[] = [];

  constructor(stableAfterMs: number) {
    super('text', 'scripted', {}, { initialMs: 40, maxMs: 1000, random: () => 1, stableAfterMs }, true);
    this.on('status', (status) => status.nextRetryAt && this.delays.push(Math.round((status.nextRetryAt - Date.now()) / 40) * 40));
  }

  protected open(): void {
    this.opens++;
  }

  protected close(): void {}

  goOnline = () => this.online();
  deliver = () => this.delivered();
  drop = () => this.retryLater('the server closed the connection');
}

async function cycle(source: ScriptedSource, between: (source: ScriptedSource) => Promise<void> | void = () => {}): Promise<void> {
  const opens = source.opens;
  source.goOnline();
  await between(source);
  source.drop();
  await waitFor(() => source.opens > opens, 5000, 'the redial');
}

function started(stableAfterMs: number): ScriptedSource {
  const source = new ScriptedSource(stableAfterMs);
  source.start();
  defer(() => source.stop());
  return source;
}

describe('RedialingSource backoff', () => {
  it('keeps growing while every link drops soon after it came online', async () => {
    const source = started(10_000);
    for (let i = 0; i < 4; i++) await cycle(source);
    expect(source.delays).toEqual([40, 80, 160, 320]);
  });

  it('starts over once a link stayed online for stableAfterMs', async () => {
    const source = started(150);
    await cycle(source);
    await cycle(source);
    await cycle(source, () => sleep(200));
    expect(source.delays).toEqual([40, 80, 40]);
  });

  it('starts over once a link delivered an order, however short it lived', async () => {
    const source = started(10_000);
    await cycle(source);
    await cycle(source);
    await cycle(source, (link) => link.deliver());
    expect(source.delays).toEqual([40, 80, 40]);
  });

  it('a link that never came online never counts as stable', async () => {
    const source = started(50);
    await cycle(source, () => sleep(80));
    const opens = source.opens;
    await sleep(80);
    source.drop();
    await waitFor(() => source.opens > opens);
    expect(source.delays).toEqual([40, 40 * 2]);
  });
});
