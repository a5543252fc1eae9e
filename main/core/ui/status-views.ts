/**
 * What the station reports to every screen: its connection, where orders come from, and the
 * alert state. The desktop bridge and the web view carry these types; preload/api.ts
 * re-exports them as part of the contract.
 */
import type { AlertState } from '../alerts/policy';
import type { SettingsError } from '../settings/settings-error';

export interface ConnectionView {
  state: 'connecting' | 'online' | 'offline' | 'stopped';
  lastError?: string;
  /** With 'offline': when the next attempt starts, ms since the epoch. */
  nextRetryAt?: number;
  /** The server turned this device's token away: only a new token will connect. */
  tokenRefused?: true;
}

export interface SourceView {
  kind: 'hub' | 'push-server';
  /** Where devices connect (hub) or where this app connects (push server). */
  url: string;
  /** The hub's addresses on the shop's network, for phones and tablets. */
  lanAddresses: string[];
  /** Devices connected to the hub; null when unknown. */
  clients: number | null;
  /** Desktop, hub mode: the token phones and backends need. */
  token?: string;
}

/** The kitchen printer, when one is chosen (docs/printing.md). */
export interface PrinterView {
  address: string;
  /** failing: the printer alarm; tickets wait and are retried. */
  state: 'idle' | 'printing' | 'failing';
  /** Tickets waiting, including the one being sent. */
  queued: number;
  lastError?: string;
  /** What staff should do, in their words: why the alarm is on, or a warning (paper running low). */
  reason?: string;
  /** Old tickets waiting for staff to choose: print all, only the last hour's, or skip. */
  backlog?: number;
  nextRetryAt?: number;
}

/** One upstream source from the settings list, by its label. */
export interface UpstreamSourceView extends ConnectionView {
  label: string;
  kind: string;
  /** False when orders sent while it was offline cannot be fetched again. */
  recoverable?: boolean;
}

/** Where the hub tells each state change of an order (a webhook, a source's reply channel). */
export interface DeliveryView {
  name: string;
  /** failing: its last delivery failed; state changes wait and are retried with backoff. */
  state: 'ok' | 'failing';
  /** State changes not yet delivered. */
  waiting: number;
  /** Deliveries given up after retrying for 24 hours. */
  givenUp: number;
  lastError?: string;
  nextTryAt?: number;
}

export interface StatusView {
  connection: ConnectionView;
  source: SourceView;
  /** The settings' list of sources and the state of each; absent when the list is empty. */
  sources?: UpstreamSourceView[];
  alert: AlertState;
  /**
   * How many orders the last "missed while offline" summary counted, kept until every order
   * is handled: a page that starts or reloads after the summary fired still shows its banner.
   */
  missedSummary?: number;
  /** Absent when no printer is chosen (and in the web view). */
  printer?: PrinterView;
  /** The hub's webhooks and reply channels; absent when there are none. */
  deliveries?: DeliveryView[];
}

/** A printer this computer offers, as Settings lists it. */
export interface PrinterChoice {
  /** What goes into Settings: system:NAME. */
  address: string;
  /** The name the system shows. */
  label: string;
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

export type SettingsCheck = { ok: true } | { ok: false; errors: SettingsError[] };
