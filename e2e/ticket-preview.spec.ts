import { expect, openWebView, test } from './fixtures';

const SHOTS = 'test-results/screenshots';

/** Display columns as a receipt printer counts them: CJK characters take two. */
const columns = (line: string) => [...line].reduce((sum, c) => sum + (c.codePointAt(0)! < 0x80 ? 1 : 2), 0);

const chineseOrder = {
  id: 'MT-88', channel: '美团外卖', total: 98.5, currency: 'CNY', note: '请放门口',
  customer: { name: '张三', phone: '138 0013 8000', address: '北京市朝阳区建国路88号' },
  items: [{ name: '宫保鸡丁', qty: 2, price: 38, note: '少辣' }, { name: '扬州炒饭', qty: 1, price: '22.50' }],
};

for (const paper of [58, 80] as const) {
  test(`the order detail previews the kitchen ticket for ${paper} mm paper, as text that cannot run`, async ({ page, hub }) => {
    await page.addInitScript((value) => localStorage.setItem('orderbell.settings', value), JSON.stringify({ printer: { paper, shopName: '老王小馆' } }));
    await openWebView(page, hub);
    await hub.post({ ...chineseOrder, title: '<img src=x onerror="window.__pwned=1">' });
    const card = page.locator('.card[data-id="MT-88"]');
    await expect(card).toBeVisible();
    // The web view has no printer: no Print button.
    await expect(card.locator('button.print')).toHaveCount(0);
    await card.locator('.heading').click();
    const preview = page.locator('dialog.order-dialog details.ticket-preview');
    await preview.locator('summary').click();
    const ticket = preview.locator('pre.ticket');
    await expect(ticket).toBeVisible();
    const text = (await ticket.textContent())!;
    expect(text).toContain('老王小馆');
    expect(text).toMatch(/宫保鸡丁 +x 2 +38\.00/);
    expect(text).toMatch(/TOTAL +CNY 98\.50/);
    expect(text).toContain('- 少辣');
    expect(text).toContain('<img src=x');
    const lines = text.split('\n');
    expect(lines.filter((line) => /^-+$/.test(line)).every((line) => line.length === (paper === 58 ? 32 : 48))).toBe(true);
    for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(paper === 58 ? 32 : 48);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: `${SHOTS}/ticket-preview-${paper}.png` });
  });
}
