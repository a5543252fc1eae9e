/**
 * The kitchen ticket: an order laid out as a ReceiptLine document, turned into text/SVG for
 * previews here and into ESC/POS bytes in escpos.ts, by the `receiptline` library (pure
 * JavaScript, encodes GB18030, measures CJK characters as two columns). No Node APIs: the
 * order screen renders previews with it too. Every order field is untrusted: it is escaped
 * so that no text can become markup.
 */
import receiptline from 'receiptline';
import type { Order } from '../orders/order';
import { PAPER_WIDTHS, TICKET_ENCODINGS, type PrinterSettings } from '../settings/settings';
import { t, type StringKey } from '../ui/i18n';

export { PAPER_WIDTHS, TICKET_ENCODINGS };
export type PaperWidth = PrinterSettings['paper'];
export type TicketEncoding = PrinterSettings['encoding'];

/** Character columns of font A (12×24 dots) on the printable width: 384 dots on 58 mm, 576 on 80 mm. */
export const COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

/** Why this copy is printed: a reprint asked for by staff, or a resend that may repeat one already printed. */
export type TicketMark = 'reprint' | 'possible-duplicate';

export interface TicketOptions {
  shopName?: string;
  paper?: PaperWidth;
  /** gb18030 (default): Chinese and Latin text; multilingual: Western code pages for printers without Chinese fonts. */
  encoding?: TicketEncoding;
  marks?: TicketMark[];
  /** Printed by a backup printer: the printer the ticket was meant for. */
  meantFor?: string;
  /** A station's ticket (bar, kitchen): its name on top, and only its items. */
  station?: string;
  /** "Copy 2/3" when more than one copy is printed. */
  copy?: { index: number; of: number };
  /** The order's time when it has no createdAt of its own, ms since the epoch. */
  receivedAt?: number;
  /** IANA zone for times on the ticket; default: this computer's. */
  timeZone?: string;
}

/** Labels are in the UI language (ui/i18n.ts), the order's own text as it came. */
const MARK_TEXT: Record<TicketMark, StringKey> = {
  reprint: 'ticketReprint',
  'possible-duplicate': 'ticketPossibleDuplicate',
};

/** Order text as literal ReceiptLine text: control characters become spaces, markup characters are escaped. */
export function escapeText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/[\\{|}\-=_"`^~]/g, (c) => `\\${c}`);
}

/** A property value (the QR code's data): escaped for the `{code:…}` syntax. */
function escapeProperty(value: string): string {
  return value.replace(/[\\{|};]/g, (c) => `\\${c}`);
}

export function formatAmount(value: number | string): string {
  return typeof value === 'number' ? value.toFixed(2) : value;
}

function formatTime(order: Order, options: TicketOptions): string {
  const parsed = order.createdAt !== undefined ? Date.parse(order.createdAt) : Number.NaN;
  const time = Number.isNaN(parsed) ? options.receivedAt : parsed;
  if (time === undefined) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: options.timeZone,
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(time);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

function header(order: Order, options: TicketOptions): string[] {
  const lines: string[] = [];
  for (const mark of options.marks ?? []) lines.push(`\`^^${escapeText(t(MARK_TEXT[mark]))}\``);
  if (options.station) lines.push(`\`^^${escapeText(options.station.toUpperCase())}\``);
  if (options.meantFor) lines.push(`\`${escapeText(t('ticketMeantFor', { printer: options.meantFor }))}\``);
  if (options.shopName) lines.push(`^^${escapeText(options.shopName)}`);
  // Double width and height when the number fits on one line, else double height only.
  const big = [...order.id].length * 2 + 2 <= COLUMNS[options.paper ?? 80] ? '^^^' : '^^';
  lines.push(`${big}#${escapeText(order.id)}`);
  if (order.title) lines.push(`"${escapeText(order.title)}"`);
  lines.push('{width:auto}');
  const time = formatTime(order, options);
  if (order.channel || time) lines.push(`${escapeText(order.channel ?? '')} | ${time}`);
  return lines;
}

function destination(order: Order): string[] {
  const lines: string[] = [];
  if (order.table !== undefined) lines.push(`^^${escapeText(t('ticketTable', { table: order.table }))} |`);
  const customer = order.customer ?? {};
  if (customer.address) lines.push(`^^${escapeText(t('ticketDelivery'))} |`, `${escapeText(customer.address)} |`);
  if (customer.name || customer.phone) {
    lines.push(`${escapeText(customer.name ?? '')} | ${escapeText(customer.phone ?? '')}`);
  }
  return lines;
}

function items(order: Order): string[] {
  if (!order.items?.length) return [];
  const lines = ['{width:*,5,10}'];
  for (const item of order.items) {
    const price = item.price === undefined ? '' : escapeText(formatAmount(item.price));
    lines.push(`"${escapeText(item.name)}" | ^x${item.qty}| ${price}`);
    // The note gets the whole width: in the name column it would wrap into a sliver on 58 mm.
    if (item.note) lines.push('{width:auto}', `\\- ${escapeText(item.note)} |`, '{width:*,5,10}');
  }
  lines.push('{width:auto}');
  return lines;
}

function footer(order: Order, options: TicketOptions): string[] {
  const lines: string[] = [];
  if (order.total !== undefined) {
    const currency = order.currency ? `${escapeText(order.currency)} ` : '';
    lines.push(`^^${escapeText(t('ticketTotal'))} | ^^${currency}${escapeText(formatAmount(order.total))}`);
  }
  if (order.note) lines.push('-', `"${escapeText(t('ticketNote'))}" ${escapeText(order.note)} |`);
  if (order.text) lines.push('-', `${escapeText(order.text)} |`);
  lines.push('-', `{code:${escapeProperty(order.id)};option:qrcode,5,m}`);
  if (options.copy && options.copy.of > 1) lines.push(escapeText(t('ticketCopy', { index: options.copy.index, of: options.copy.of })));
  return lines;
}

/** The ticket as a ReceiptLine document. */
export function ticketDocument(order: Order, options: TicketOptions = {}): string {
  return [...header(order, options), '-', ...destination(order), '-', ...items(order), '-', ...footer(order, options)].join('\n');
}

export function printerConfig(options: TicketOptions, command: 'escpos' | 'text' | 'svg') {
  return { cpl: COLUMNS[options.paper ?? 80], encoding: options.encoding ?? 'gb18030', command, cutting: true, gradient: false } as const;
}

/** The ticket as the paper shows it, for previews: plain text or an SVG image. */
export function ticketPreview(order: Order, format: 'text' | 'svg', options: TicketOptions = {}): string {
  return renderDocument(ticketDocument(order, options), format, options);
}

/** Any ReceiptLine document (a ticket, the test page) as text or SVG; receiptline escapes text in the SVG. */
export function renderDocument(document: string, format: 'text' | 'svg', options: TicketOptions = {}): string {
  return receiptline.transform(document, printerConfig(options, format));
}

/** The Settings "Print test page" and `orderbell print-test` ticket: text, widths and the code in one go. */
export function testPageDocument(options: TicketOptions = {}): string {
  const cpl = COLUMNS[options.paper ?? 80];
  return [
    `^^${escapeText(options.shopName || 'OrderBell')}`,
    '^^^TEST PAGE',
    '-',
    `Paper ${options.paper ?? 80} mm, ${cpl} columns |`,
    `Encoding ${options.encoding ?? 'gb18030'} |`,
    '1234567890'.repeat(Math.ceil(cpl / 10)).slice(0, cpl),
    'English: Fish and chips x2 |',
    '中文：宫保鸡丁 两份 |',
    '-',
    '{code:ORDERBELL-TEST;option:qrcode,5,m}',
  ].join('\n');
}
