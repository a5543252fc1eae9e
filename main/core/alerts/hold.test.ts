import { describe, expect, it } from 'vitest';
import { AlertHold } from './hold';

describe('AlertHold', () => {
  it('hands over the newest sound, voice line and summary, summary first, then is empty', () => {
    const hold = new AlertHold();
    hold.hold({ kind: 'sound', sound: 'new-order', volume: 0.5 });
    hold.hold({ kind: 'voice', line: { kind: 'summary', count: 3 }, volume: 0.5 });
    hold.hold({ kind: 'summary', count: 3 });
    hold.hold({ kind: 'sound', sound: 'escalation', volume: 1 });
    expect(hold.release()).toEqual([
      { kind: 'summary', count: 3 },
      { kind: 'sound', sound: 'escalation', volume: 1 },
      { kind: 'voice', line: { kind: 'summary', count: 3 }, volume: 0.5 },
    ]);
    expect(hold.release()).toEqual([]);
  });
});
