import { describe, expect, it } from 'vitest';
import { decodeEscPos, squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { setLanguage } from '../ui/i18n';
import type { Order } from '../orders/order';
import { renderTicket } from './escpos';
import { COLUMNS, PAPER_WIDTHS, ticketPreview } from './ticket';
import { TcpTransport } from './tcp-transport';

const chinese: Order = {
  id: 'MT-20261127-0042',
  channel: '美团外卖',
  createdAt: '2026-11-27T04:30:00Z',
  customer: { name: '张三', phone: '138 0013 8000', address: '北京市朝阳区建国路88号SOHO现代城3号楼1201室' },
  items: [
    { name: '宫保鸡丁', qty: 2, price: 38, note: '少辣，不要花生' },
    { name: '扬州炒饭', qty: 1, price: '22.50' },
  ],
  total: 98.5,
  currency: 'CNY',
  note: '请放门口，谢谢！',
};

const english: Order = {
  id: 'A-17',
  channel: 'dine-in',
  createdAt: '2026-11-27T18:05:00Z',
  table: 12,
  customer: { name: 'Sam O\'Neil', phone: '+44 20 7946 0000' },
  items: [
    { name: 'Fish & chips|L', qty: 2, price: 11.5, note: 'no vinegar_please' },
    { name: 'Mushy peas', qty: 1, price: 2.25 },
  ],
  total: 25.25,
  currency: 'GBP',
  note: 'Birthday ^^ candle {one} <b>',
} as unknown as Order;
english.table = '12';

/** Sends a ticket over a real socket to the fake printer and reads back what it printed. */
async function printed(order: Order, paper: 58 | 80): Promise<string[]> {
  const printer = await FakePrinter.start();
  const transport = new TcpTransport({ host: '127.0.0.1', port: printer.portNumber });
  await transport.send(renderTicket(order, { paper, shopName: '老王小馆 Wang\'s', timeZone: 'Asia/Shanghai' }), 1);
  const tickets = printer.tickets();
  expect(tickets).toHaveLength(1);
  return squeeze(tickets[0]!);
}

describe('kitchen ticket', () => {
  it.each(PAPER_WIDTHS)('prints a Chinese order in GB18030 on %i mm paper', async (paper) => {
    const lines = await printed(chinese, paper);
    const text = lines.join('\n');
    expect(lines).toContain('老王小馆 Wang\'s');
    expect(lines).toContain('#MT-20261127-0042');
    expect(text).toMatch(/美团外卖 2026-11-27 12:30/);
    expect(text).toContain('张三 138 0013 8000');
    expect(text.replace(/\s/g, '')).toContain('北京市朝阳区建国路88号SOHO现代城3号楼1201室');
    expect(text).toMatch(/宫保鸡丁 x2 38\.00/);
    expect(text).toMatch(/扬州炒饭 x1 22\.50/);
    expect(text.replace(/\s/g, '')).toContain('-少辣，不要花生');
    expect(text).toMatch(/TOTAL CNY 98\.50/);
    expect(text).toContain('Note: 请放门口，谢谢！');
  });

  it.each(PAPER_WIDTHS)('prints an English order with markup characters literally on %i mm paper', async (paper) => {
    const text = (await printed(english, paper)).join('\n');
    expect(text).toMatch(/dine-in 2026-11-28 02:05/);
    expect(text).toContain('Table 12');
    expect(text).toContain("Sam O'Neil +44 20 7946 0000");
    expect(text).toMatch(/Fish & chips\|L x2 11\.50/);
    expect(text).toContain('no vinegar_please');
    expect(text).toMatch(/TOTAL GBP 25\.25/);
    expect(text.replace(/\s/g, '')).toContain('Note:Birthday^^candle{one}<b>');
  });

  it.each(PAPER_WIDTHS)('keeps every line within the %i mm paper, counting CJK characters as two columns', (paper) => {
    const columns = COLUMNS[paper];
    for (const order of [chinese, english]) {
      const lines = ticketPreview(order, 'text', { paper }).split('\n');
      for (const line of lines) {
        const width = [...line].reduce((sum, c) => sum + (c.codePointAt(0)! < 0x80 ? 1 : 2), 0);
        expect(width, line).toBeLessThanOrEqual(columns);
      }
      expect(lines.some((line) => /^-+$/.test(line) && line.length === columns)).toBe(true);
    }
  });

  it('encodes Chinese as GB18030 double bytes, not as question marks or UTF-8', () => {
    const bytes = renderTicket({ id: 'x', note: '宫保鸡丁𠀀' });
    expect(bytes.includes(Buffer.from('b9acb1a3bca6b6a1', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('宫', 'utf8'))).toBe(false);
    // A character outside GB2312 (CJK Ext. B) is a four-byte GB18030 sequence.
    expect(bytes.includes(Buffer.from('9532 8236'.replace(' ', ''), 'hex'))).toBe(true);
  });

  it('words its labels in the UI language: a Chinese kitchen reads Chinese labels', () => {
    setLanguage('zh-CN');
    try {
      const { tickets } = decodeEscPos(renderTicket(english, { marks: ['reprint'], copy: { index: 1, of: 2 } }));
      const text = squeeze(tickets[0]!).join('\n');
      expect(text).toContain('补打');
      expect(text).toContain('12 号桌');
      expect(text).toMatch(/合计 GBP 25\.25/);
      expect(text).toContain('备注： Birthday');
      expect(text).toContain('第 1/2 联');
    } finally {
      setLanguage('en');
    }
  });

  it('marks reprints and possible duplicates, numbers copies, and carries a QR code of the id', () => {
    const { tickets } = decodeEscPos(renderTicket(english, { marks: ['reprint', 'possible-duplicate'], copy: { index: 2, of: 3 } }));
    const lines = squeeze(tickets[0]!);
    expect(lines).toEqual(expect.arrayContaining(['REPRINT', 'POSSIBLE DUPLICATE', 'Copy 2/3']));
    expect(ticketPreview(english, 'svg')).toMatch(/<svg[\s\S]*<\/svg>/);
    const svg = ticketPreview(english, 'svg');
    expect(svg).toContain('<tspan x="66">&amp;</tspan>');
    expect(svg).toContain('&lt;');
    expect(svg).not.toContain('<b>');
  });
});
