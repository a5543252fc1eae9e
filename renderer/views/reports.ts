/**
 * Reports: the figures of chosen days (orders, sales, answer times) as key numbers and
 * pictures, a CSV of the daily figures, and the summary on the receipt printer or as a page.
 */
import type { OrderBellApi, Report } from '../../preload/api';
import { figuresCsv } from '../../main/core/reports/csv';
import { duration } from '../../main/core/ui/duration';
import { t } from '../../main/core/ui/i18n';
import { el, replaceChildren } from '../dom';
import { answerSpread, clearCharts, mainCurrency, ordersPerHour, valuePerChannel, weekHourMap } from './report-charts';

const DAY_MS = 86_400_000;

/** A local date as YYYY-MM-DD. */
function localDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function tile(label: string, value: string, name: string): HTMLElement {
  return el('div', { className: 'report-tile', 'data-figure': name }, el('span', { className: 'label' }, label), el('strong', {}, value));
}

function summary(report: Report): HTMLElement {
  const { all } = report;
  const sales = Object.entries(all.totals).map(([currency, total]) => `${total} ${currency}`.trim()).join(' + ') || t('reportNoValue');
  return el(
    'div',
    { className: 'report-tiles' },
    tile(t('reportOrders'), String(all.orders), 'orders'),
    tile(t('reportValue'), sales, 'sales'),
    tile(t('reportAnswerMedian'), duration(all.answer.medianMs), 'answer-median'),
    tile(t('reportAnswerP90'), duration(all.answer.p90Ms), 'answer-p90'),
    tile(t('reportMakeMedian'), duration(all.make.medianMs), 'make-median'),
    tile(t('reportLate', { s: Math.round(report.escalationMs / 1000) }), String(all.notAnsweredInTime), 'late'),
    tile(t('reportRejected'), String(all.rejected), 'rejected'),
    tile(t('reportOpen'), String(all.openAtClosing), 'open'),
  );
}

function chartBox(title: string, name: string): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas', { role: 'img', 'aria-label': title });
  return { box: el('figure', { className: `report-chart ${name}`, 'data-chart': name }, el('figcaption', {}, title), el('div', { className: 'chart-area' }, canvas)), canvas };
}

function download(text: string, fileName: string): void {
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' })), download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

export function reportsView(api: OrderBellApi, now = Date.now()): HTMLElement {
  const from = el('input', { type: 'date', name: 'from', value: localDate(now - 6 * DAY_MS), 'aria-label': t('from') });
  const to = el('input', { type: 'date', name: 'to', value: localDate(now), 'aria-label': t('to') });
  const results = el('div', { className: 'report-results', 'aria-live': 'polite' });

  /** Only the newest request draws: an older one answering later must not replace it. */
  let latest = 0;

  async function load(): Promise<void> {
    const range = { from: from.value, to: to.value };
    const request = ++latest;
    let byDay: Report, byHour: Report, byChannel: Report;
    try {
      [byDay, byHour, byChannel] = await Promise.all([api.getReport({ ...range, by: 'day' }), api.getReport({ ...range, by: 'hour' }), api.getReport({ ...range, by: 'channel' })]);
    } catch (error) {
      if (request !== latest) return;
      clearCharts();
      return replaceChildren(results, el('p', { className: 'form-message error', role: 'alert' }, t('reportLoadFailed', { error: (error as Error).message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '') })));
    }
    if (request !== latest) return;
    // Named in the page's performance timeline: `npm run bench` reads how long drawing took.
    const drawing = performance.now();
    clearCharts();
    const perHour = chartBox(t('chartOrdersPerHour'), 'per-hour');
    const weekHours = chartBox(t('chartWeekHours'), 'week-hours');
    const spread = chartBox(t('chartAnswerSpread'), 'answer-spread');
    const currency = mainCurrency(byDay);
    const channels = currency === undefined ? undefined : chartBox(t('chartValuePerChannel', { currency: currency || t('reportNoValue') }), 'per-channel');
    replaceChildren(
      results,
      el('h2', { className: 'report-title' }, t('reportSummaryTitle', { from: byDay.from, to: byDay.to })),
      summary(byDay),
      el('div', { className: 'report-charts' }, perHour.box, weekHours.box, spread.box, channels?.box),
    );
    ordersPerHour(perHour.canvas, byHour);
    weekHourMap(weekHours.canvas, byDay);
    answerSpread(spread.canvas, byDay);
    if (channels && currency !== undefined) valuePerChannel(channels.canvas, byChannel, currency);
    performance.measure('orderbell-report-draw', { start: drawing });
    results.dataset.drawn = `${byDay.from}/${byDay.to}`;
    csvButton.onclick = () => download(figuresCsv(byDay), `orderbell-${byDay.from}-${byDay.to}.csv`);
  }

  const csvButton = el('button', { type: 'button', className: 'secondary' }, t('reportDownloadFigures'));
  const printNotice = el('p', { className: 'form-message print-notice', role: 'status' });
  const summaryButton = el('button', { type: 'button', className: 'secondary', name: 'print-summary' }, t('reportPrint'));
  summaryButton.onclick = async () => {
    summaryButton.disabled = true;
    try {
      const result = await api.printSummary({ from: from.value, to: to.value, by: 'day' });
      printNotice.className = `form-message print-notice ${result.ok ? 'ok' : 'bad'}`;
      printNotice.textContent = result.message;
    } finally {
      summaryButton.disabled = false;
    }
  };
  const printPage = (label: string) => el('button', { type: 'button', className: 'secondary', name: 'print-page', onClick: () => window.print() }, label);
  // The desktop, or a web view on a hub that prints, has a receipt printer; any other page prints itself.
  const printButtons = api.environment === 'desktop' || api.hubPrints ? [summaryButton, printPage(t('reportPrintPage'))] : [printPage(t('reportPrint'))];
  const form = el(
    'form',
    {
      className: 'report-range',
      onSubmit: (event: Event) => {
        event.preventDefault();
        void load();
      },
    },
    el('label', {}, t('from'), ' ', from),
    el('label', {}, t('to'), ' ', to),
    el('button', { type: 'submit' }, t('reportShow')),
    csvButton,
    ...printButtons,
  );
  void load();
  return el('section', { className: 'reports' }, form, printNotice, results);
}
