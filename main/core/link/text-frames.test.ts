import { describe, expect, it } from 'vitest';
import { LEGACY_FRAME_BYTES, TextFrames } from './text-frames';
import { sleep } from '../../../test/helpers';

function splitLikeLegacyServer(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const frames: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += LEGACY_FRAME_BYTES) frames.push(bytes.subarray(i, i + LEGACY_FRAME_BYTES));
  return frames;
}

describe('TextFrames', () => {
  it('joins 125-byte frames that cut Chinese characters into the exact original text', () => {
    const text = '新订单：3号桌，牛肉面两碗，不要葱，加辣。'.repeat(5);
    expect(Buffer.byteLength(text)).toBeGreaterThan(250);
    const messages: string[] = [];
    const frames = new TextFrames({ onMessage: (m) => messages.push(m) });
    for (const frame of splitLikeLegacyServer(text)) frames.push(frame);
    expect(messages).toEqual([text]);
  });

  it('delivers a short frame at once', () => {
    const messages: string[] = [];
    new TextFrames({ onMessage: (m) => messages.push(m) }).push(Buffer.from('hello'));
    expect(messages).toEqual(['hello']);
  });

  it('delivers a message of exactly 125 bytes once nothing follows', async () => {
    const messages: string[] = [];
    const frames = new TextFrames({ onMessage: (m) => messages.push(m), settleMs: 20 });
    frames.push(Buffer.alloc(LEGACY_FRAME_BYTES, 'a'));
    expect(messages).toEqual([]);
    await sleep(60);
    expect(messages).toEqual(['a'.repeat(LEGACY_FRAME_BYTES)]);
  });

  it('turns bytes that never become UTF-8 into U+FFFD instead of dropping the message', () => {
    const messages: string[] = [];
    new TextFrames({ onMessage: (m) => messages.push(m) }).push(Buffer.from([0x41, 0xff, 0x42]));
    expect(messages).toEqual(['A\ufffdB']);
  });

  it('flush delivers what is held', () => {
    const messages: string[] = [];
    const frames = new TextFrames({ onMessage: (m) => messages.push(m), settleMs: 10_000 });
    frames.push(Buffer.alloc(LEGACY_FRAME_BYTES, 'b'));
    frames.flush();
    expect(messages).toHaveLength(1);
  });
});
