import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { SHANGHAI_DAY } from '../../../test/report-journal';
import { computeReport } from '../reports/figures';
import { reportOrderOf } from '../reports/report-order';
import { setLanguage } from '../ui/i18n';
import { escposBytes } from './escpos';
import { summaryTicketDocument } from './summary-ticket';
import { renderDocument } from './ticket';

const orders = SHANGHAI_DAY.map((entry) => reportOrderOf({ order: entry.order, receivedAt: Date.parse(entry.arrived), handled: entry.handled }));
const report = computeReport(orders, { from: '2026-12-01', to: '2026-12-02', by: 'day', timeZone: 'Asia/Shanghai', now: Date.parse('2026-12-05T00:00:00Z') });

afterEach(() => setLanguage('en'));

describe('the end-of-day summary ticket', () => {
  it('lays out the figures as the paper shows them, each day on its line', () => {
    const text = renderDocument(summaryTicketDocument(report, { shopName: 'Noodle Bar', paper: 80 }), 'text', { paper: 80 });
    const lines = text.split('\n').map((row) => row.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual(expect.arrayContaining([
      'Noodle Bar',
      'Summary 2026-12-01 to 2026-12-02',
      'Asia/Shanghai',
      'Orders 7',
      'Typical time to answer 30 s',
      '9 in 10 answered within 90 min 0 s',
      'Not answered within 60 s 3',
      'Still open at closing 2',
      '2026-12-01 6',
      '2026-12-02 1',
    ]));
    expect(text).toMatch(/Sales CNY\s+24\.00/);
  });

  it('prints in Chinese through the kitchen tickets’ ESC/POS path (GB18030)', () => {
    setLanguage('zh-CN');
    const bytes = escposBytes(summaryTicketDocument(report), { encoding: 'gb18030' });
    for (const words of ['营业汇总', '订单数', '打烊时仍未完成']) expect(bytes.includes(iconv.encode(words, 'gb18030'))).toBe(true);
  });

  it('keeps a shop name or reject reason from turning into ticket markup', () => {
    const rejected = computeReport(
      [{ id: 'R', arrivedAt: Date.parse('2026-12-01T04:00:00Z'), channel: '', currency: '', stations: [], changes: [{ state: 'rejected', at: Date.parse('2026-12-01T04:00:10Z'), by: 'Till', reason: '{code:x} | ^^^big' }] }],
      { from: '2026-12-01', to: '2026-12-01', by: 'day', timeZone: 'Asia/Shanghai' },
    );
    const text = renderDocument(summaryTicketDocument(rejected, { shopName: '`^^A|B' }), 'text');
    expect(text).toContain('{code:x} | ^^^big');
    expect(text).toContain('`^^A|B');
  });
});
