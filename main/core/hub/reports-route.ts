/**
 * `GET /api/reports?from=&to=&by=&tz=&format=`: a report computed from the hub's journal, as
 * JSON, as the figures' CSV (`format=csv`) or as the orders' CSV (`format=orders-csv`);
 * `POST /api/reports/print` with the same query: its summary on the hub's receipt printer.
 */
import type { ServerResponse } from 'node:http';
import { figuresCsv, ordersCsv } from '../reports/csv';
import { computeReport, ordersOfDays, type Report } from '../reports/figures';
import type { ReportOrders } from '../reports/report-orders';
import { ReportParamError, reportRequest, type ReportRequest } from '../reports/report-params';
import { HttpError, sendJson } from './http';

const FORMATS = ['json', 'csv', 'orders-csv'];

export function answerReport(url: URL, reportOrders: ReportOrders, res: ServerResponse, defaultZone?: string): void {
  const format = url.searchParams.get('format') ?? 'json';
  if (!FORMATS.includes(format)) throw new HttpError(400, `format: must be one of ${FORMATS.join(', ')}, got "${format.slice(0, 40)}"`);
  const request = checkedRequest(url, defaultZone);
  if (format === 'orders-csv') return sendCsv(res, ordersCsv(ordersOfDays(reportOrders.orders(), request)), `orders-${request.from}-${request.to}.csv`);
  const report = computeReport(reportOrders.rows(), request);
  if (format === 'csv') return sendCsv(res, figuresCsv(report), `report-${request.from}-${request.to}-by-${request.by}.csv`);
  sendJson(res, 200, report);
}

/** Prints the report's summary ticket; resolves to the printer's name once it printed. */
export type SummaryPrinter = (report: Report) => Promise<string>;

export async function printReport(url: URL, reportOrders: ReportOrders, res: ServerResponse, print: SummaryPrinter | undefined, defaultZone?: string): Promise<void> {
  const request = checkedRequest(url, defaultZone);
  if (!print) throw new HttpError(404, 'this hub does not print; start it with --print');
  let printer: string;
  try {
    printer = await print(computeReport(reportOrders.rows(), request));
  } catch (error) {
    throw new HttpError(503, `could not print the summary: ${(error as Error).message}`);
  }
  sendJson(res, 200, { printed: true, printer, from: request.from, to: request.to });
}

function checkedRequest(url: URL, defaultZone: string | undefined): ReportRequest {
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  try {
    return reportRequest({ from: param('from'), to: param('to'), by: param('by'), tz: param('tz') }, Date.now(), defaultZone);
  } catch (error) {
    if (error instanceof ReportParamError) throw new HttpError(400, error.message);
    throw error;
  }
}

function sendCsv(res: ServerResponse, text: string, fileName: string): void {
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}
