import { describe, expect, it } from 'vitest';
import { squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { defer, waitFor } from '../../../test/helpers';
import { arrive, crash, printedIds, setup, type Setup } from '../../../test/kitchen-harness';
import type { StoredOrder } from '../journal/journal';
import { parseStations } from '../orders/stations';
import { KitchenPrinter } from './kitchen-printer';
import { stationLedgerFile, StationPrinters } from './station-printers';
import { TcpTransport } from './tcp-transport';

const stations = (() => {
  const parsed = parseStations('bar: category in [drinks, 饮品]\nkitchen: default');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
})();

const transport = (printer: FakePrinter) => new TcpTransport({ host: '127.0.0.1', port: printer.portNumber, timeoutMs: 300 });

async function openAll(s: Setup, bar: FakePrinter, kitchen: FakePrinter) {
  const shared = { dataDir: s.dir, journal: s.journal, retry: { firstMs: 20, maxMs: 100 } };
  const counter = await KitchenPrinter.open({ ...shared, transport: transport(s.printer) });
  const perStation = await StationPrinters.open(shared, stations, [
    { station: 'bar', transport: transport(bar) },
    { station: 'kitchen', transport: transport(kitchen) },
  ]);
  counter.start();
  perStation.start();
  const both = { orderArrived: (stored: StoredOrder) => (counter.orderArrived(stored), perStation.orderArrived(stored)) };
  defer(() => Promise.all([counter.close(), perStation.close()]));
  return { counter, perStation, both };
}

/** Each ticket as "id: item, item", in paper order, the station's name first when it has one. */
function tickets(printer: FakePrinter): string[] {
  return printer.tickets().map((lines) => {
    const text = squeeze(lines);
    const title = text[0] === 'BAR' || text[0] === 'KITCHEN' ? `${text[0]} ` : '';
    const id = text.find((line) => line.startsWith('#'))!.slice(1);
    const items = ['Cola', '绿茶', '宫保鸡丁', 'Fries'].filter((name) => text.some((line) => line.includes(name)));
    return `${title}${id}: ${items.join(', ')}`;
  });
}

describe('a printer per station', () => {
  it("prints each station's items on its printer and the whole order on the counter's, each ticket once, across a crash with the bar printer down", async () => {
    const s = await setup();
    const bar = await FakePrinter.start();
    const kitchen = await FakePrinter.start();
    await bar.down();
    const first = await openAll(s, bar, kitchen);
    await arrive(s.journal, first.both, { id: 'O1', items: [{ name: 'Cola', qty: 1, category: 'drinks' }, { name: '宫保鸡丁', qty: 1 }] });
    await waitFor(() => tickets(kitchen).length === 1 && tickets(s.printer).length === 1, 5000, 'the kitchen and counter tickets');
    await waitFor(() => first.perStation.printers.get('bar')!.status.state === 'failing', 5000, 'the bar printer alarm');
    // Killed: every ledger as it was, none closed.
    await crash(s.dir, first.counter);
    await crash(s.dir, first.perStation.printers.get('bar')!, stationLedgerFile('bar'));
    await crash(s.dir, first.perStation.printers.get('kitchen')!, stationLedgerFile('kitchen'));

    await bar.up();
    const second = await openAll(s, bar, kitchen);
    await arrive(s.journal, second.both, { id: 'O2', items: [{ name: 'Fries', qty: 2 }] });
    await arrive(s.journal, second.both, { id: 'O3', items: [{ name: '绿茶', qty: 1, category: '饮品' }] });
    await waitFor(() => tickets(bar).length === 2 && tickets(kitchen).length === 2 && tickets(s.printer).length === 3, 5000, 'every ticket');
    await waitFor(() => [second.counter, ...second.perStation.printers.values()].every((printer) => printer.status.state === 'idle'), 5000, 'every queue empty');

    expect(tickets(bar)).toEqual(['BAR O1: Cola', 'BAR O3: 绿茶']);
    expect(tickets(kitchen)).toEqual(['KITCHEN O1: 宫保鸡丁', 'KITCHEN O2: Fries']);
    expect(tickets(s.printer)).toEqual(['O1: Cola, 宫保鸡丁', 'O2: Fries', 'O3: 绿茶']);
    // Nothing marked: the bar's O1 never reached a printer before the crash.
    expect([...printedIds(bar), ...printedIds(kitchen), ...printedIds(s.printer)].filter((ticket) => ticket.includes(' '))).toEqual([]);
  });

  it("reprints only the station's part, and nothing on a station with none of the order's items", async () => {
    const s = await setup();
    const bar = await FakePrinter.start();
    const kitchen = await FakePrinter.start();
    const { perStation } = await openAll(s, bar, kitchen);
    await arrive(s.journal, undefined, { id: 'R1', items: [{ name: 'Cola', qty: 1, category: 'drinks' }] });
    const stored = s.journal.get('R1')!;
    expect(await perStation.reprint('kitchen', stored)).toBe(false);
    expect(await perStation.reprint('bar', stored)).toBe(true);
    await waitFor(() => printedIds(bar).length === 1, 5000, 'the reprint');
    expect(printedIds(bar)).toEqual(['R1 REPRINT']);
    expect(printedIds(kitchen)).toEqual([]);
  });
});
