import { describe, expect, it } from 'vitest';
import { screenLinks } from './screen-links';
import { lanAddresses } from '../ui/lan';
import { startHub } from '../../../test/hub-harness';

describe('screenLinks', () => {
  it('gives every LAN address when the hub listens on all of them', () => {
    expect(screenLinks('0.0.0.0', 8083, 'T0k', ['192.168.1.20', '10.0.0.5'])).toEqual([
      'http://192.168.1.20:8083/#token=T0k',
      'http://10.0.0.5:8083/#token=T0k',
    ]);
    expect(screenLinks('::', 8083, undefined, ['192.168.1.20'])).toEqual(['http://192.168.1.20:8083/']);
  });

  it('falls back to this machine when there is no LAN address', () => {
    expect(screenLinks('0.0.0.0', 9000, undefined, [])).toEqual(['http://127.0.0.1:9000/']);
  });

  it('gives the one address a hub listens on, bracketing IPv6', () => {
    expect(screenLinks('127.0.0.1', 8083, undefined, ['192.168.1.20'])).toEqual(['http://127.0.0.1:8083/']);
    expect(screenLinks('fe80::1', 8083)).toEqual(['http://[fe80::1]:8083/']);
  });

  it('escapes a token that is not URL-safe', () => {
    expect(screenLinks('127.0.0.1', 1, 'a b#c&d')).toEqual(['http://127.0.0.1:1/#token=a%20b%23c%26d']);
  });

  it('the hub tells a page holding the token where phones open it (a page opened at 127.0.0.1 cannot know), and no one else', async () => {
    const running = await startHub({ host: '0.0.0.0' });
    expect((await running.get('/api/screens', null)).status).toBe(401);
    const answer = await running.get('/api/screens');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ links: screenLinks('0.0.0.0', running.info.port) });
    expect(answer.body.links).toEqual(lanAddresses().map((address) => `http://${address}:${running.info.port}/`));
  });
});
