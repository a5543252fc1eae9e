import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from './settings';

describe('Settings → Webhooks', () => {
  it('keeps each webhook with its secret, trimmed; older settings files get none', () => {
    const result = validateSettings({ ...DEFAULT_SETTINGS, webhooks: [{ url: ' https://shop.example/orderbell ', secret: ' s3cret ' }] });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ webhooks: [{ url: 'https://shop.example/orderbell', secret: 's3cret' }] }) });
    const { webhooks: _none, ...older } = DEFAULT_SETTINGS;
    expect(validateSettings(withDefaults(older))).toMatchObject({ ok: true, value: { webhooks: [] } });
  });

  it('names each field that is wrong: no address, not http(s), no secret, the same address twice, too many', () => {
    const result = validateSettings({
      ...DEFAULT_SETTINGS,
      webhooks: [{ url: '', secret: 'a' }, { url: 'ftp://x/', secret: '' }, { url: 'http://a/', secret: 'b' }, { url: 'http://a/', secret: 'c' }, 'x'],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: 'webhooks[0].url', code: 'required' },
      { field: 'webhooks[1].url', code: 'http-url' },
      { field: 'webhooks[1].secret', code: 'required' },
      { field: 'webhooks[4].url', code: 'required' },
      { field: 'webhooks[4].secret', code: 'required' },
      { field: 'webhooks[3].url', code: 'duplicate' },
    ]);
    const many = Array.from({ length: 6 }, (_, i) => ({ url: `http://a/${i}`, secret: 's' }));
    expect(validateSettings({ ...DEFAULT_SETTINGS, webhooks: many })).toMatchObject({ ok: false, errors: [{ field: 'webhooks', code: 'too-long', params: { max: 5 } }] });
  });
});
