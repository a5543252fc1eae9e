/**
 * The Reports tab's pictures, drawn by Chart.js (canvas: no markup, no eval, so the page's
 * strict CSP and Trusted Types hold) with chartjs-chart-matrix for the week × hour map.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import type { Report } from '../../preload/api';
import { ANSWER_BUCKETS_S } from '../../main/core/reports/figures';
import { t } from '../../main/core/ui/i18n';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, MatrixController, MatrixElement);

const ORANGE = '#c2410c';
const BLUE = '#1d4ed8';

/** The charts now on screen: destroyed when the tab draws new ones (each watches its canvas's size). */
let drawn: Chart[] = [];

export function clearCharts(): void {
  for (const chart of drawn) chart.destroy();
  drawn = [];
}

function draw(canvas: HTMLCanvasElement, config: ChartConfiguration<'bar' | 'line' | 'matrix', unknown[]>): void {
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.font.size = 13;
  // No animation: the figures are there at once, and a print or screenshot shows them whole.
  drawn.push(new Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } } as ChartConfiguration));
}

/** Orders per hour of day as bars, the median answer time of each hour as a line. */
export function ordersPerHour(canvas: HTMLCanvasElement, byHour: Report): void {
  draw(canvas, {
    type: 'bar',
    data: {
      labels: byHour.groups.map((group) => group.key),
      datasets: [
        { type: 'bar', label: t('chartOrdersAxis'), data: byHour.groups.map((group) => group.orders), backgroundColor: ORANGE, yAxisID: 'orders', order: 2 },
        { type: 'line', label: t('chartAnswerAxis'), data: byHour.groups.map((group) => (group.answer.medianMs === null ? null : group.answer.medianMs / 1000)), borderColor: BLUE, backgroundColor: BLUE, yAxisID: 'answer', spanGaps: true, order: 1 },
      ],
    },
    options: {
      scales: {
        orders: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: t('chartOrdersAxis') }, ticks: { precision: 0 } },
        answer: { type: 'linear', position: 'right', beginAtZero: true, title: { display: true, text: t('chartAnswerAxis') }, grid: { drawOnChartArea: false } },
      },
    },
  });
}

/** Orders by weekday × hour: darker is busier. */
export function weekHourMap(canvas: HTMLCanvasElement, report: Report): void {
  const weekdays = t('chartWeekdays').split(' ');
  const hours = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
  const most = Math.max(1, ...report.weekHours.flat());
  const cells = report.weekHours.flatMap((row, weekday) => row.map((count, hour) => ({ x: hours[hour]!, y: weekdays[weekday]!, v: count })));
  draw(canvas, {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: t('chartWeekHours'),
          data: cells,
          backgroundColor: (context: { raw?: unknown }) => `rgba(194, 65, 12, ${0.06 + (0.94 * ((context.raw as { v?: number })?.v ?? 0)) / most})`,
          width: ({ chart }: { chart: Chart }) => (chart.chartArea?.width ?? 0) / 24 - 1,
          height: ({ chart }: { chart: Chart }) => (chart.chartArea?.height ?? 0) / 7 - 1,
        },
      ],
    },
    options: {
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: () => '', label: (item) => { const cell = item.raw as { x: string; y: string; v: number }; return `${cell.y} ${cell.x}:00 · ${cell.v}`; } } } },
      scales: {
        x: { type: 'category', labels: hours, offset: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { type: 'category', labels: weekdays, offset: true, reverse: true, grid: { display: false } },
      },
    },
  } as ChartConfiguration<'matrix', unknown[]>);
}

/** How many orders were answered within each step of time. */
export function answerSpread(canvas: HTMLCanvasElement, report: Report): void {
  const labels = [
    ...ANSWER_BUCKETS_S.map((s) => (s < 60 ? t('chartUpToSeconds', { s }) : t('chartUpToMinutes', { m: s / 60 }))),
    t('chartSlowerThan', { m: ANSWER_BUCKETS_S.at(-1)! / 60 }),
  ];
  draw(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label: t('chartOrdersAxis'), data: report.answerSpread, backgroundColor: BLUE }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

/** The currency most of the money was taken in: the one the channel chart shows. */
export function mainCurrency(report: Report): string | undefined {
  const totals = Object.entries(report.all.totals);
  return totals.sort((a, b) => Number(b[1]) - Number(a[1]))[0]?.[0];
}

/** Sales per channel in one currency, largest first. */
export function valuePerChannel(canvas: HTMLCanvasElement, byChannel: Report, currency: string): void {
  const rows = byChannel.groups
    .map((group) => ({ channel: group.key || t('reportNoChannel'), value: Number(group.totals[currency] ?? 0) }))
    .sort((a, b) => b.value - a.value);
  draw(canvas, {
    type: 'bar',
    data: { labels: rows.map((row) => row.channel), datasets: [{ label: currency, data: rows.map((row) => row.value), backgroundColor: ORANGE }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
  });
}
