/** The hub's HTTP API, as the web view uses it. Failures throw with the hub's own error text. */
import type { HistoryPage, HistoryQuery, Order, OrderView, RawReportRequest, Report } from '../preload/api';
import { validateOrder } from '../main/core/orders/order';
import type { AnswerRequest, StateChange } from '../main/core/orders/order-life';
import type { BumpAction, OrderBumps } from '../main/core/orders/bumps';

export interface HubHealth {
  clients: number;
  lastSeq: number;
  epoch: string;
  /** The hub prints kitchen tickets (`orderbell hub --print`): screens may ask it to reprint one. */
  prints?: boolean;
}

/** A search the hub does not answer in this time is done on what the page holds. */
const HISTORY_TIMEOUT_MS = 5000;

interface OrderJson {
  seq: number | null;
  order: unknown;
  receivedAt: string;
  handled: { by: string; at: string } | null;
}

/** The hub answered, and said no. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class HubApi {
  constructor(
    private readonly origin: string,
    private readonly token: string,
  ) {}

  async health(): Promise<HubHealth> {
    const response = await fetch(new URL('/api/health', this.origin), { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as HubHealth;
  }

  /** Queues a reprint of the order's kitchen ticket on the hub's printer. */
  async print(id: string): Promise<void> {
    await this.json(`/api/orders/${encodeURIComponent(id)}/print`, { method: 'POST' });
  }

  /** Where phones open the order screen, as the hub listens (without the token): a page opened on the hub's own PC does not know. */
  async screens(): Promise<string[]> {
    return (await this.json<{ links: string[] }>('/api/screens', { cache: 'no-store' })).links;
  }

  /** False when the hub answers that the token is wrong; throws when the hub is out of reach. */
  async tokenAccepted(): Promise<boolean> {
    const response = await fetch(new URL('/api/orders?limit=1', this.origin), { headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store' });
    return response.status !== 401;
  }

  async postOrder(order: Order): Promise<{ seq: number }> {
    return this.json('/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(order) });
  }

  /** The handled state the hub keeps (this device's, or an earlier one's); null while another device's is being stored. */
  async markHandled(id: string, device: string): Promise<{ by: string; at: string } | null> {
    const answer = await this.json<{ handled: { by: string; at: string } | null }>(`/api/orders/${encodeURIComponent(id)}/handled`, {
      method: 'POST',
      headers: { 'X-OrderBell-Device': encodeURIComponent(device) }, // a header carries Latin-1 only; the hub decodes it
    });
    return answer.handled;
  }

  /** v1.1: sets the order's state; the change the hub made, or a HubError saying why not. */
  async answer(id: string, request: AnswerRequest, device: string): Promise<StateChange> {
    return this.json<StateChange>(`/api/orders/${encodeURIComponent(id)}/state`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-OrderBell-Device': encodeURIComponent(device) },
      body: JSON.stringify(request),
    });
  }

  /** A bump on the kitchen display (main/core/hub/kitchen.ts); every device hears the result. */
  async bump(id: string, action: BumpAction, device: string): Promise<{ bumps: OrderBumps }> {
    return this.json(`/api/orders/${encodeURIComponent(id)}/bump`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-OrderBell-Device': encodeURIComponent(device) },
      body: JSON.stringify(action),
    });
  }

  /** Searches every order the hub keeps, not only those the page has loaded. */
  async history(query: HistoryQuery): Promise<HistoryPage> {
    const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
    if (query.text) params.set('text', query.text);
    if (query.from !== undefined) params.set('from', new Date(query.from).toISOString());
    if (query.to !== undefined) params.set('to', new Date(query.to).toISOString());
    const page = await this.json<{ orders: OrderJson[]; total: number }>(`/api/history?${params}`, { cache: 'no-store', signal: AbortSignal.timeout(HISTORY_TIMEOUT_MS) });
    return { orders: page.orders.flatMap(toView), total: page.total };
  }

  /** The hub's figures (GET /api/reports): the hub's journal keeps more than the page has loaded. */
  async report(request: RawReportRequest): Promise<Report> {
    return this.json<Report>(`/api/reports?${reportQuery(request)}`, { cache: 'no-store' });
  }

  /** The summary of the same days on the hub's receipt printer; resolves once it printed. */
  async printSummary(request: RawReportRequest): Promise<void> {
    await this.json(`/api/reports/print?${reportQuery(request)}`, { method: 'POST' });
  }

  private async json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await fetch(new URL(path, this.origin), { ...init, headers: { ...init.headers, Authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new HubError(response.status, await errorOf(response));
    return (await response.json()) as T;
  }
}

function reportQuery(request: RawReportRequest): URLSearchParams {
  return new URLSearchParams(Object.entries(request).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The hub's answer is checked like any order from the network; one that fails is left out. */
function toView(json: OrderJson): OrderView[] {
  const order = validateOrder(json.order);
  if (!order.ok) return [];
  return [{ id: order.value.id, seq: json.seq, order: order.value, receivedAt: Date.parse(json.receivedAt), handled: json.handled }];
}

async function errorOf(response: Response): Promise<string> {
  try {
    return ((await response.json()) as { error?: string }).error ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
