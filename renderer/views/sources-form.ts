/**
 * Settings' list of other push servers: one block per source with its name, kind, address and
 * the fields of its kind (main/core/settings/source-list.ts says which), added and removed
 * with buttons. Each field's `data-field` is its settings path (sources[1].topic), so the
 * settings' own validation errors are shown beside the field they name.
 */
import { MQTT_VERSIONS, type SourceConfig } from '../../main/core/settings/source-config';
import type { ActionResult } from '../../main/core/ui/status-views';
import { KIND_FIELDS, LISTED_KINDS, MAX_SOURCES, SOURCE_LABEL_MAX, type FieldRule, type ListedKind } from '../../main/core/settings/source-list';
import { t, type StringKey } from '../../main/core/ui/i18n';
import { el, replaceChildren } from '../dom';
import { emptyRow, fromRow, toRow, type SourceRow } from '../source-rows';
import { field, type Field } from './form-field';

export interface SourcesEditor {
  element: HTMLElement;
  /** The list as typed, in the settings' shape. */
  collect(): unknown[];
  /** Messages by settings path for text the last collect() could not read (header lines, mapping JSON). */
  problems(): Map<string, string>;
}

const KIND_NAMES: Record<ListedKind, () => string> = {
  text: () => t('sourceKindText'),
  socketio: () => 'Socket.IO',
  pusher: () => 'Pusher / Reverb / Soketi',
  centrifugo: () => 'Centrifugo',
  mqtt: () => 'MQTT',
  sse: () => 'Server-sent events (SSE, Mercure)',
  nats: () => 'NATS JetStream',
  redis: () => 'Redis Streams',
};

const URL_EXAMPLES: Record<ListedKind, string> = {
  text: 'ws://shop.example:8282',
  socketio: 'http://shop.example:2120',
  pusher: 'wss://reverb.shop.example:443',
  centrifugo: 'wss://shop.example/connection/websocket',
  mqtt: 'mqtts://broker.shop.example:8883',
  sse: 'https://shop.example/.well-known/mercure?topic=orders',
  nats: 'nats://nats-1.chain.example:4222,nats://nats-2.chain.example:4222',
  redis: 'rediss://orders.chain.example:6380',
};

const FIELD_LABELS: Record<string, StringKey> = {
  token: 'srcToken',
  helloText: 'srcHelloText',
  heartbeatText: 'srcHeartbeatText',
  heartbeatS: 'srcHeartbeatS',
  ignore: 'srcIgnore',
  uid: 'srcUid',
  events: 'srcEvents',
  key: 'srcKey',
  cluster: 'srcCluster',
  channel: 'srcChannel',
  authEndpoint: 'srcAuthEndpoint',
  headers: 'srcHeaders',
  catchUpUrl: 'srcCatchUpUrl',
  topic: 'srcTopic',
  clientId: 'srcClientId',
  username: 'srcUsername',
  password: 'srcPassword',
  protocolVersion: 'srcMqttVersion',
  stream: 'srcStream',
  subject: 'srcSubject',
  durable: 'srcDurable',
  nkeySeed: 'srcNkeySeed',
  credsFile: 'srcCredsFile',
  group: 'srcGroup',
  consumer: 'srcConsumer',
  replyTo: 'srcReplyTo',
  idleS: 'srcIdleS',
  deadAfterS: 'srcDeadAfterS',
};

function control(name: string, rule: FieldRule, value: string): Field {
  if (rule === 'headers') {
    const area = el('textarea', { rows: 3, spellcheck: false, placeholder: 'Authorization: Bearer …' });
    area.value = value;
    return area;
  }
  if (rule === 'mqtt-version') {
    const select = el('select', {}, ...MQTT_VERSIONS.map((version) => el('option', { value: version }, version === 'auto' ? t('srcMqttVersionAuto') : `MQTT ${version}`)));
    select.value = value || 'auto';
    return select;
  }
  const type = rule === 'seconds' ? 'number' : name === 'password' || name === 'nkeySeed' ? 'password' : 'text';
  return el('input', { type, value, spellcheck: false, min: rule === 'seconds' ? 1 : undefined, max: rule === 'seconds' ? 3600 : undefined });
}

/** Keeps the row's state in step with what is typed. */
function bound<C extends Field>(input: C, set: (value: string) => void): C {
  input.addEventListener('input', () => set(input.value));
  return input;
}

interface RowActions {
  kindChanged(index: number): void;
  remove(index: number): void;
  /** Tests this one source as typed. */
  test(row: SourceRow): Promise<ActionResult>;
}

function rowBlock(row: SourceRow, index: number, actions: RowActions): HTMLElement {
  const at = `sources[${index}]`;
  const title = () => row.label.trim() || t('sourceNumbered', { n: index + 1 });
  const legend = el('legend', {}, title());
  const label = bound(el('input', { type: 'text', value: row.label, maxlength: SOURCE_LABEL_MAX }), (value) => {
    row.label = value;
    legend.textContent = title();
  });
  const kind = el('select', {}, ...LISTED_KINDS.map((option) => el('option', { value: option }, KIND_NAMES[option]())));
  kind.value = row.kind;
  kind.addEventListener('change', () => {
    row.kind = kind.value as ListedKind;
    actions.kindChanged(index);
  });
  const url = bound(el('input', { type: 'text', value: row.url, spellcheck: false, placeholder: URL_EXAMPLES[row.kind] }), (value) => (row.url = value));
  const kindFields = Object.entries(KIND_FIELDS[row.kind]).map(([name, rule]) =>
    field(FIELD_LABELS[name]!, bound(control(name, rule, row.fields[name] ?? ''), (value) => (row.fields[name] = value)), `${at}.${name}`),
  );
  const result = el('p', { className: 'form-message', role: 'status' });
  const test = async () => {
    const outcome = await actions.test(row);
    result.textContent = outcome.message;
    result.className = `form-message ${outcome.ok ? 'ok' : 'bad'}`;
  };
  const mapping = bound(el('textarea', { rows: 4, spellcheck: false, placeholder: '{ "id": ["order.sn"], "total": ["order.amount"] }' }), (value) => (row.mapping = value));
  mapping.value = row.mapping;
  return el(
    'fieldset',
    { className: 'source-row' },
    legend,
    field('sourceLabel', label, `${at}.label`),
    field('sourceKind', kind, `${at}.kind`),
    field('sourceUrl', url, `${at}.url`),
    ...kindFields,
    el('details', { open: row.mapping.trim() !== '' }, el('summary', {}, t('sourceAdvanced')), field('srcMapping', mapping, `${at}.mapping`)),
    el(
      'div',
      { className: 'actions' },
      el('button', { type: 'button', className: 'secondary', onClick: () => void test() }, t('testConnection')),
      el('button', { type: 'button', className: 'secondary', onClick: () => actions.remove(index) }, t('sourceRemove')),
    ),
    result,
  );
}

/**
 * `onChange`: a source was added, removed or changed kind (typing bubbles to the form as input
 * events). `test`: "Test connection" for one source as typed.
 */
export function sourcesEditor(initial: SourceConfig[], onChange: () => void, test: (source: unknown) => Promise<ActionResult>): SourcesEditor {
  const rows = initial.map(toRow);
  const list = el('div', { className: 'source-list' });
  const focusIn = (index: number, name: string) => list.querySelector<HTMLElement>(`.field[data-field="sources[${index}].${name}"] :is(input, select)`)?.focus();
  const actions: RowActions = {
    kindChanged: (index) => (render(), focusIn(index, 'kind'), onChange()),
    remove: (index) => (rows.splice(index, 1), render(), onChange()),
    test: (row) => test(fromRow(row).value),
  };
  const add = el('button', { type: 'button', className: 'secondary', onClick: () => (rows.push(emptyRow()), render(), focusIn(rows.length - 1, 'label'), onChange()) }, t('sourceAdd'));
  function render(): void {
    replaceChildren(list, ...rows.map((row, index) => rowBlock(row, index, actions)));
    add.disabled = rows.length >= MAX_SOURCES;
  }
  render();
  let problems = new Map<string, string>();
  return {
    // A field of its own: errors about the whole list ("at most 16") are shown under it.
    element: el('div', { className: 'field sources', 'data-field': 'sources' }, list, add, el('p', { className: 'error', 'aria-live': 'polite' })),
    collect() {
      const results = rows.map(fromRow);
      problems = new Map(results.flatMap((result, index) => result.problems.map(({ field: name, key, params }) => [`sources[${index}].${name}`, t(key, params)] as const)));
      return results.map((result) => result.value);
    },
    problems: () => problems,
  };
}
