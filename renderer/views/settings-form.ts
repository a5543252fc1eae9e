/** Settings: validated as typed, with precise messages; test connection and test order. */
import { stationsFieldset } from './stations-form';
import type { OrderBellApi, Settings, SettingsError } from '../../preload/api';
import { DEVICE_NAME_MAX } from '../../main/core/settings/settings';
import { el } from '../dom';
import { settingsErrorMessage, t, type StringKey } from '../../main/core/ui/i18n';
import { formatQuietHours, parseQuietHours } from '../quiet-hours';
import { ageLegend } from './age-legend';
import { updatePanel } from './update-panel';
import { storedDefaultName } from '../device-name';
import { field } from './form-field';
import { sourcesEditor } from './sources-form';
import { webhooksEditor } from './webhooks-form';

function input(type: string, value: string | number): HTMLInputElement {
  return el('input', { type, value: String(value) });
}

function checkbox(checked: boolean): HTMLInputElement {
  const box = el('input', { type: 'checkbox' });
  box.checked = checked;
  return box;
}

function select(value: string, options: [string, StringKey][]): HTMLSelectElement {
  const control = el('select', {}, ...options.map(([option, label]) => el('option', { value: option }, t(label))));
  control.value = value;
  return control;
}

/** Fills the output choice with the audio outputs the browser lists, where it lists any. */
async function listOutputs(control: HTMLSelectElement, current: string): Promise<void> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
  const outputs = devices.filter((device) => device.kind === 'audiooutput' && device.deviceId && device.deviceId !== 'default');
  outputs.forEach((device, index) => control.append(el('option', { value: device.deviceId }, device.label || t('audioOutputNumbered', { n: index + 1 }))));
  if (current && !outputs.some((device) => device.deviceId === current)) control.append(el('option', { value: current }, t('audioOutputNumbered', { n: '?' })));
  control.value = current;
}

async function listPrinters(api: OrderBellApi, list: HTMLDataListElement): Promise<void> {
  const printers = await api.listPrinters().catch(() => []);
  list.append(...printers.map((printer) => el('option', { value: printer.address }, printer.label)));
}
/** The web view's name when staff leave it empty (the bridge made it on first load). */
const defaultName = (): string => storedDefaultName(localStorage, navigator.userAgent);

const integer = (control: HTMLInputElement): number | string => (control.value.trim() === '' ? '' : Number(control.value));

/** `notice` is shown under the buttons at first: the form is rebuilt after a save (the language may have changed). */
export function settingsForm(api: OrderBellApi, settings: Settings, onSaved: (settings: Settings) => void, notice = ''): HTMLElement {
  const web = api.environment === 'web';
  const source = settings.source;
  const machineZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const controls = {
    kind: select(source.kind, [['hub', 'sourceKindHub'], ['push-server', 'sourceKindPush']]),
    port: input('number', source.kind === 'hub' ? source.port : 8083),
    hubToken: input('text', source.kind === 'hub' ? source.token : ''),
    lan: checkbox(source.kind === 'hub' ? source.lan : true),
    url: input('text', source.kind === 'push-server' ? source.url : ''),
    pushToken: input('text', source.kind === 'push-server' ? source.token : ''),
    mode: select(source.kind === 'push-server' ? source.mode : 'json', [['json', 'modeJson'], ['text', 'modeText']]),
    helloText: input('text', source.kind === 'push-server' ? source.helloText : ''),
    sound: select(settings.sound, [['chime', 'soundChime'], ['bell', 'soundBell'], ['marimba', 'soundMarimba']]),
    volume: input('number', settings.volume),
    audioOutput: select(settings.audioOutput, [['', 'audioOutputDefault']]),
    repeatIntervalS: input('number', settings.repeatIntervalS),
    escalateAfterS: input('number', settings.escalateAfterS),
    unansweredAfterMin: input('number', settings.unansweredAfterMin),
    offlineAlertAfterS: input('number', settings.offlineAlertAfterS),
    voice: checkbox(settings.voice),
    mustAccept: checkbox(settings.mustAccept),
    autoAcceptChannels: input('text', settings.autoAccept.channels.join(', ')),
    autoAcceptReady: input('number', settings.autoAccept.readyInMin),
    autoAcceptHours: input('text', settings.autoAccept.hours),
    quietHours: el('textarea', { rows: 3, placeholder: t('quietHoursExample') }),
    deviceName: el('input', { type: 'text', value: settings.deviceName, maxlength: DEVICE_NAME_MAX, placeholder: web ? defaultName() : undefined }),
    language: select(settings.language, [['auto', 'languageAuto'], ['en', 'languageAuto'], ['zh-CN', 'languageAuto']]),
    startAtLogin: checkbox(settings.startAtLogin),
    keepAwake: checkbox(settings.keepAwake),
    alertWindow: checkbox(settings.alertWindow),
    updatesEnabled: checkbox(settings.updates.enabled),
    updatesFeedUrl: el('input', { type: 'url', value: settings.updates.feedUrl, placeholder: 'https://updates.example.com/orderbell/' }),
    updatesInstallFrom: input('time', settings.updates.installFrom),
    updatesInstallUntil: input('time', settings.updates.installUntil),
    printerAddress: input('text', settings.printer.address),
    printerPaper: select(String(settings.printer.paper), [['58', 'paper58'], ['80', 'paper80']]),
    printerEncoding: select(settings.printer.encoding, [['gb18030', 'encodingGb18030'], ['multilingual', 'encodingMultilingual']]),
    printerCopies: input('number', settings.printer.copies),
    printerAutoPrint: checkbox(settings.printer.autoPrint),
    printerShopName: input('text', settings.printer.shopName),
    printerChannels: input('text', settings.printer.channels.join(', ')),
    reportTimeZone: el('input', { type: 'text', value: settings.reportTimeZone, maxlength: 64, placeholder: machineZone }),
    reportKeepDays: input('number', settings.reportKeepDays),
  };
  controls.printerAddress.placeholder = 'tcp://192.168.1.50:9100';
  // The system's printers are offered as system:NAME; a network printer's address is typed.
  const printerList = el('datalist', { id: 'setting-printer-list' });
  controls.printerAddress.setAttribute('list', printerList.id);
  if (!web) void listPrinters(api, printerList);
  controls.quietHours.value = formatQuietHours(settings.quietHours);
  void listOutputs(controls.audioOutput, settings.audioOutput);
  // Language names are shown in their own language, whatever the UI language is.
  controls.language.options[1]!.textContent = 'English';
  controls.language.options[2]!.textContent = '简体中文';
  const updates = web ? null : updatePanel(api);

  const message = el('p', { className: 'form-message', role: 'status' });
  let quietLinesBad: number[] = [];
  // The web view's sources are its hub: the list is set on the PC and passed through unchanged.
  // A source's own "Test connection" sends the form with that source as the only one listed.
  const sources = web ? null : sourcesEditor(settings.sources, () => void validate(), (source) => api.testConnection({ ...(collect() as object), sources: [source] }));

  const webhooks = web ? null : webhooksEditor(settings.webhooks, () => void validate());
  const kitchen = stationsFieldset(api, settings);

  function collect(): unknown {
    const { periods, badLines } = parseQuietHours(controls.quietHours.value);
    quietLinesBad = badLines;
    return {
      source:
        controls.kind.value === 'hub'
          ? { kind: 'hub', port: integer(controls.port), token: controls.hubToken.value, lan: controls.lan.checked }
          : { kind: 'push-server', url: controls.url.value, token: controls.pushToken.value, mode: controls.mode.value, helloText: controls.helloText.value },
      sources: sources ? sources.collect() : settings.sources,
      webhooks: webhooks ? webhooks.collect() : settings.webhooks,
      sound: controls.sound.value,
      volume: integer(controls.volume),
      audioOutput: controls.audioOutput.value,
      repeatIntervalS: integer(controls.repeatIntervalS),
      escalateAfterS: integer(controls.escalateAfterS),
      unansweredAfterMin: integer(controls.unansweredAfterMin),
      offlineAlertAfterS: integer(controls.offlineAlertAfterS),
      voice: controls.voice.checked,
      mustAccept: controls.mustAccept.checked,
      autoAccept: {
        channels: controls.autoAcceptChannels.value.split(/[,，]/).map((channel) => channel.trim()).filter(Boolean),
        readyInMin: integer(controls.autoAcceptReady),
        hours: controls.autoAcceptHours.value.trim(),
      },
      quietHours: periods,
      deviceName: controls.deviceName.value,
      language: controls.language.value,
      reportTimeZone: controls.reportTimeZone.value.trim(),
      reportKeepDays: integer(controls.reportKeepDays),
      startAtLogin: controls.startAtLogin.checked,
      keepAwake: controls.keepAwake.checked,
      alertWindow: controls.alertWindow.checked,
      updates: {
        enabled: controls.updatesEnabled.checked,
        feedUrl: controls.updatesFeedUrl.value.trim(),
        installFrom: controls.updatesInstallFrom.value,
        installUntil: controls.updatesInstallUntil.value,
      },
      printer: {
        address: controls.printerAddress.value.trim(),
        paper: Number(controls.printerPaper.value),
        encoding: controls.printerEncoding.value,
        copies: integer(controls.printerCopies),
        autoPrint: controls.printerAutoPrint.checked,
        shopName: controls.printerShopName.value,
        channels: controls.printerChannels.value.split(/[,，]/).map((channel) => channel.trim()).filter(Boolean),
      },
      stations: kitchen.collect(),
    };
  }

  function showErrors(errors: SettingsError[]): boolean {
    for (const holder of form.querySelectorAll<HTMLElement>('.field')) {
      holder.classList.remove('invalid');
      holder.querySelector(':scope > .error')!.textContent = '';
    }
    const messages = new Map<HTMLElement | null, string>();
    const put = (path: string, text: string) => {
      const holder = holderOf(path);
      if (!messages.has(holder)) messages.set(holder, text);
    };
    for (const [path, text] of sources?.problems() ?? []) put(path, text);
    for (const error of errors) put(error.field, settingsErrorMessage(error));
    if (quietLinesBad.length) messages.set(holderOf('quietHours'), t('errQuietLine', { n: quietLinesBad.join(', ') }));
    for (const [holder, text] of messages) {
      if (!holder) continue;
      holder.classList.add('invalid');
      holder.querySelector(':scope > .error')!.textContent = text;
    }
    return messages.size === 0;
  }

  /**
   * The field that shows an error at this settings path, or at the nearest path above it that
   * has one: quietHours[0].start shows at quietHours, sources[0].mapping.id at sources[0].mapping.
   */
  function holderOf(path: string): HTMLElement | null {
    // Two token fields share "source.token"; the visible one shows the message.
    const holder = [...form.querySelectorAll<HTMLElement>(`.field[data-field="${CSS.escape(path)}"]`)].find((f) => !f.hidden);
    if (holder) return holder;
    const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    return parent === path ? null : holderOf(parent);
  }

  async function validate(): Promise<{ ok: boolean; value: unknown }> {
    const value = collect();
    const result = await api.validateSettings(value);
    const ok = showErrors(result.ok ? [] : result.errors);
    return { ok, value };
  }

  function syncSourceFields(): void {
    if (web) return; // no source fields
    const hub = controls.kind.value === 'hub';
    for (const control of [controls.port, controls.hubToken, controls.lan]) control.closest<HTMLElement>('.field')!.hidden = !hub;
    for (const control of [controls.url, controls.pushToken, controls.mode, controls.helloText]) control.closest<HTMLElement>('.field')!.hidden = hub;
  }

  async function run(action: () => Promise<{ ok: boolean; message: string }>): Promise<void> {
    const result = await action();
    message.textContent = result.message;
    message.className = `form-message ${result.ok ? 'ok' : 'bad'}`;
  }

  const form = el(
    'form',
    {
      className: 'settings',
      novalidate: true,
      onInput: () => void validate(),
      onChange: () => (syncSourceFields(), void validate()),
      onSubmit: async (event: Event) => {
        event.preventDefault();
        const { ok, value } = await validate();
        if (!ok) return;
        const saved = await api.saveSettings(value);
        if (!saved.ok) return void showErrors(saved.errors);
        onSaved(await api.getSettings());
      },
    },
    // A web view's orders always come from the hub that served it, and it has no login, PC
    // or windows of its own: it shows only what applies to it.
    web
      ? el('fieldset', {}, el('legend', {}, t('settingsSource')), el('p', { className: 'web-source' }, t('webSource', { url: location.origin })))
      : el(
      'fieldset',
      {},
      el('legend', {}, t('settingsSource')),
      field('settingsSource', controls.kind, 'source.kind'),
      field('hubPort', controls.port, 'source.port'),
      field('hubToken', controls.hubToken, 'source.token'),
      field('hubLan', controls.lan, 'source.lan'),
      field('pushUrl', controls.url, 'source.url'),
      field('pushToken', controls.pushToken, 'source.token'),
      field('pushMode', controls.mode, 'source.mode'),
      field('helloText', controls.helloText, 'source.helloText'),
    ),
    sources && el('fieldset', {}, el('legend', {}, t('moreSources')), el('p', { className: 'hint' }, t('moreSourcesHint')), sources.element),
    webhooks && el('fieldset', {}, el('legend', {}, t('settingsWebhooks')), webhooks.element),
    el(
      'fieldset',
      {},
      el('legend', {}, t('settingsSound')),
      field('soundChoice', controls.sound, 'sound'),
      field('volume', controls.volume, 'volume'),
      field('audioOutput', controls.audioOutput, 'audioOutput'),
      field('repeatInterval', controls.repeatIntervalS, 'repeatIntervalS'),
      field('escalateAfter', controls.escalateAfterS, 'escalateAfterS'),
      // Told by the embedded hub on this PC, through its webhooks: the web view's hub has its own flag.
      web ? null : field('unansweredAfter', controls.unansweredAfterMin, 'unansweredAfterMin'),
      field('offlineAlertAfter', controls.offlineAlertAfterS, 'offlineAlertAfterS'),
      field('voice', controls.voice, 'voice'),
      field('mustAccept', controls.mustAccept, 'mustAccept'),
      field('autoAcceptChannels', controls.autoAcceptChannels, 'autoAccept.channels'),
      field('autoAcceptReady', controls.autoAcceptReady, 'autoAccept.readyInMin'),
      field('autoAcceptHours', controls.autoAcceptHours, 'autoAccept.hours'),
      field('quietHours', controls.quietHours, 'quietHours'),
      el('p', { className: 'hint' }, t('quietHoursHint')),
    ),
    ageLegend(),
    // The printer hangs off the PC: a browser neither prints tickets nor sets where they go.
    web
      ? null
      : el(
      'fieldset',
      {},
      el('legend', {}, t('settingsPrinter')),
      field('printerAddress', controls.printerAddress, 'printer.address'),
      printerList,
      el('p', { className: 'hint' }, t('printerAddressHint')),
      field('printerPaper', controls.printerPaper, 'printer.paper'),
      field('printerEncoding', controls.printerEncoding, 'printer.encoding'),
      field('printerCopies', controls.printerCopies, 'printer.copies'),
      field('printerAutoPrint', controls.printerAutoPrint, 'printer.autoPrint'),
      field('printerShopName', controls.printerShopName, 'printer.shopName'),
      field('printerChannels', controls.printerChannels, 'printer.channels'),
      el('p', { className: 'hint' }, t('printerChannelsHint')),
    ),
    kitchen.element,
    el(
      'fieldset',
      {},
      field('language', controls.language, 'language'),
      field('deviceName', controls.deviceName, 'deviceName'),
      el('p', { className: 'hint' }, web ? t('deviceNameHintWeb', { name: defaultName() }) : t('deviceNameHint')),
      web ? null : field('startAtLogin', controls.startAtLogin, 'startAtLogin'),
      web ? null : field('keepAwake', controls.keepAwake, 'keepAwake'),
      web ? null : field('alertWindow', controls.alertWindow, 'alertWindow'),
      web ? null : field('reportTimeZone', controls.reportTimeZone, 'reportTimeZone'),
      web ? null : el('p', { className: 'hint' }, t('reportTimeZoneHint', { zone: machineZone })),
      web ? null : field('reportKeepDays', controls.reportKeepDays, 'reportKeepDays'),
      web ? null : el('p', { className: 'hint' }, t('reportKeepDaysHint')),
    ),
    updates &&
      el(
        'fieldset',
        { className: 'updates' },
        el('legend', {}, t('settingsUpdates')),
        updates,
        field('updatesEnabled', controls.updatesEnabled, 'updates.enabled'),
        field('updatesInstallFrom', controls.updatesInstallFrom, 'updates.installFrom'),
        field('updatesInstallUntil', controls.updatesInstallUntil, 'updates.installUntil'),
        el('p', { className: 'hint' }, t('updatesHint')),
        field('updatesFeedUrl', controls.updatesFeedUrl, 'updates.feedUrl'),
      ),
    el(
      'div',
      { className: 'actions' },
      el('button', { type: 'submit' }, t('save')),
      el('button', { type: 'button', className: 'secondary', onClick: () => void run(() => api.testConnection(collect())) }, t('testConnection')),
      el('button', { type: 'button', className: 'secondary', onClick: () => void run(() => api.sendTestOrder()) }, t('sendTestOrder')),
      web ? null : el('button', { type: 'button', className: 'secondary', onClick: () => void run(() => api.printTestPage(collect())) }, t('printTestPage')),
    ),
    message,
  );
  syncSourceFields();
  if (notice) {
    message.textContent = notice;
    message.classList.add('ok');
  }
  return form;
}
