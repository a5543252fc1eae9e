import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, figuresCsv, ordersCsv } from './csv';
import { computeReport } from './figures';
import type { ReportOrder } from './report-order';

/** Reads CSV as RFC 4180 says (a spreadsheet's reading), to check what the writer made round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += char;
  }
  return rows;
}

describe('CSV for spreadsheets', () => {
  it('opens with a BOM, ends lines with CRLF and quotes commas, quotes and newlines', () => {
    const text = csvDocument([['桌号 3，加辣', 'say "hi"', 'line one\nline two', 'a,b', 42]]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toBe('\uFEFF桌号 3，加辣,"say ""hi""","line one\nline two","a,b",42\r\n');
    expect(parseCsv(text.slice(1))).toEqual([['桌号 3，加辣', 'say "hi"', 'line one\nline two', 'a,b', '42']]);
  });

  it('makes text a spreadsheet would run as a formula inert, but leaves negative amounts numbers', () => {
    expect(csvField('=HYPERLINK("http://evil","click")')).toBe(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tTAB')).toBe("'\tTAB");
    expect(csvField('-3.50')).toBe('-3.50');
    expect(csvField('张三')).toBe('张三');
  });

  const orders: ReportOrder[] = [
    { id: '外卖-1', arrivedAt: Date.parse('2026-12-01T04:00:00Z'), channel: '美团, 外卖', total: { units: 5850, scale: 2 }, currency: 'CNY', stations: [], changes: [{ state: 'done', at: Date.parse('2026-12-01T04:00:40Z'), by: '收银台 "1"' }] },
    { id: '=2', arrivedAt: Date.parse('2026-12-01T05:00:00Z'), channel: 'web', currency: '', stations: [], changes: [{ state: 'rejected', at: Date.parse('2026-12-01T05:00:10Z'), by: 'Till', reason: '售罄\n明天再来' }] },
  ];

  it('writes one line per order with its states, times and Chinese text intact', () => {
    const rows = parseCsv(ordersCsv(orders).slice(1));
    expect(rows[0]).toEqual(['id', 'arrived', 'channel', 'total', 'currency', 'stations', 'accepted', 'ready', 'done', 'rejected', 'reject reason', 'by']);
    expect(rows[1]).toEqual(['外卖-1', '2026-12-01T04:00:00.000Z', '美团, 外卖', '58.50', 'CNY', '', '', '', '2026-12-01T04:00:40.000Z', '', '', '收银台 "1"']);
    expect(rows[2]).toEqual(["'=2", '2026-12-01T05:00:00.000Z', 'web', '', '', '', '', '', '', '2026-12-01T05:00:10.000Z', '售罄\n明天再来', 'Till']);
  });

  it('writes the daily figures, a line per currency, and a line for the whole range', () => {
    const report = computeReport(orders, { from: '2026-12-01', to: '2026-12-02', by: 'day', timeZone: 'Asia/Shanghai', now: Date.parse('2026-12-03T00:00:00Z') });
    expect(parseCsv(figuresCsv(report).slice(1))).toEqual([
      ['day', 'orders', 'currency', 'total', 'median answer s', 'p90 answer s', 'median make s', 'p90 make s', 'not answered in time', 'rejected', 'open at closing'],
      ['2026-12-01', '2', 'CNY', '58.50', '10.0', '40.0', '', '', '0', '1', '0'],
      ['2026-12-02', '0', '', '', '', '', '', '', '0', '0', '0'],
      ['all', '2', 'CNY', '58.50', '10.0', '40.0', '', '', '0', '1', '0'],
    ]);
  });
});
