import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { UsageError } from './args';
import { webhooksFromFlags } from './webhook-flags';

describe('--webhook flags', () => {
  it('pairs each --webhook with its secret file, or one secret file with all, and reads a JSON list', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a'), 'secret-a\n');
    await writeFile(join(dir, 'b'), 'secret-b');
    await writeFile(join(dir, 'list.json'), JSON.stringify([{ url: 'https://erp.example/orderbell', secret: ' s3 ' }]));
    expect(webhooksFromFlags({ webhook: ['http://pos.lan/hook', 'https://shop.example/hook'], 'webhook-secret-file': [join(dir, 'a'), join(dir, 'b')] })).toEqual([
      { url: 'http://pos.lan/hook', secret: 'secret-a' },
      { url: 'https://shop.example/hook', secret: 'secret-b' },
    ]);
    expect(webhooksFromFlags({ webhook: ['http://pos.lan/a', 'http://pos.lan/b'], 'webhook-secret-file': [join(dir, 'a')], webhooks: join(dir, 'list.json') })).toEqual([
      { url: 'http://pos.lan/a', secret: 'secret-a' },
      { url: 'http://pos.lan/b', secret: 'secret-a' },
      { url: 'https://erp.example/orderbell', secret: 's3' },
    ]);
  });

  it('refuses what would post unsigned, to nowhere, or twice, each with a one-line reason', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'empty'), '\n');
    await writeFile(join(dir, 'bad.json'), '{"url": 1}');
    const cases: [Parameters<typeof webhooksFromFlags>[0], string][] = [
      [{ webhook: ['http://pos.lan/hook'] }, '--webhook needs --webhook-secret-file: the receiver checks each post with that secret'],
      [{ webhook: ['ftp://pos.lan/hook'], 'webhook-secret-file': [join(dir, 'empty')] }, `--webhook-secret-file ${join(dir, 'empty')} is empty`],
      [{ webhook: ['http://a/', 'http://b/', 'http://c/'], 'webhook-secret-file': ['x', 'y'] }, 'give one --webhook-secret-file per --webhook (3), or one for all; got 2'],
      [{ webhook: ['http://a/'], 'webhook-secret-file': [join(dir, 'missing')] }, `--webhook-secret-file cannot be read: ${join(dir, 'missing')}: ENOENT`],
      [{ webhooks: join(dir, 'bad.json') }, `--webhooks ${join(dir, 'bad.json')} must hold a JSON list of {"url", "secret"}`],
      [{ 'webhook-secret-file': ['x'] }, '--webhook-secret-file needs a --webhook'],
    ];
    for (const [flags, message] of cases) {
      expect(() => webhooksFromFlags(flags)).toThrow(new UsageError(message));
    }
    await writeFile(join(dir, 's'), 'k');
    expect(() => webhooksFromFlags({ webhook: ['ftp://pos.lan/hook'], 'webhook-secret-file': [join(dir, 's')] })).toThrow(/--webhook must start with http:\/\/ or https:\/\//);
    expect(() => webhooksFromFlags({ webhook: ['http://a/', 'http://a/'], 'webhook-secret-file': [join(dir, 's')] })).toThrow('the webhook http://a/ is given twice');
  });
});
