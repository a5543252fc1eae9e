/**
 * `GET /api/reports?from=&to=&by=&tz=&format=`: a report computed from the hub's journal, as
 * JSON, as the figures' CSV (`format=csv`) or as the orders' CSV (`format=orders-csv`).
 */
import type { ServerResponse } from 'node:http';
import type { KeptOrder } from '../journal/journal';
import { figuresCsv, ordersCsv } from '../reports/csv';
import { computeReport, ordersOfDays } from '../reports/figures';
import { ordersForReport } from '../reports/report-order';
import { ReportParamError, reportRequest, type ReportRequest } from '../reports/report-params';
import { HttpError, sendJson } from './http';

const FORMATS = ['json', 'csv', 'orders-csv'];

export function answerReport(url: URL, orders: Iterable<KeptOrder>, res: ServerResponse, defaultZone?: string): void {
  const format = url.searchParams.get('format') ?? 'json';
  if (!FORMATS.includes(format)) throw new HttpError(400, `format: must be one of ${FORMATS.join(', ')}, got "${format.slice(0, 40)}"`);
  const request = checkedRequest(url, defaultZone);
  const reportOrders = ordersForReport(orders);
  if (format === 'orders-csv') return sendCsv(res, ordersCsv(ordersOfDays(reportOrders, request)), `orders-${request.from}-${request.to}.csv`);
  const report = computeReport(reportOrders, request);
  if (format === 'csv') return sendCsv(res, figuresCsv(report), `report-${request.from}-${request.to}-by-${request.by}.csv`);
  sendJson(res, 200, report);
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
