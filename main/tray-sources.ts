/**
 * The settings' list of sources in the tray: the tooltip names each one's state, the menu adds
 * why a source is down. Windows cuts a tray tooltip at 127 characters (NOTIFYICONDATA's szTip;
 * electron/electron#3290 crashed past it), so the tooltip is capped with an ellipsis.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { StatusView, UpstreamSourceView } from './core/ui/status-views';
import { t } from './core/ui/i18n';

const TOOLTIP_MAX = 127;
const REASON_MAX = 80;
/** Below this the first line would say nothing: the whole text is cut instead. */
const HEAD_MIN = 40;

const stateWord = (source: UpstreamSourceView): string =>
  t(source.state === 'online' ? 'online' : source.state === 'connecting' ? 'connecting' : source.state === 'stopped' ? 'stopped' : 'offline');

/** The tooltip with one "label: state" line per listed source; past the cap the first line (its reason) is shortened first. */
export function tooltipWithSources(text: string, status: StatusView): string {
  const lines = (status.sources ?? []).map((source) => `\n${t('upstreamState', { label: source.label, state: stateWord(source) })}`).join('');
  const room = TOOLTIP_MAX - lines.length;
  if (text.length <= room) return text + lines;
  if (room >= HEAD_MIN) return `${text.slice(0, room - 1)}…${lines}`;
  return `${(text + lines).slice(0, TOOLTIP_MAX - 1)}…`;
}

/** One disabled item per listed source (its state, and the reason when down), then a separator; none without sources. */
export function sourceMenuItems(status: StatusView): MenuItemConstructorOptions[] {
  const sources = status.sources ?? [];
  if (sources.length === 0) return [];
  const items = sources.map((source): MenuItemConstructorOptions => {
    const reason = source.state !== 'online' && source.lastError ? source.lastError.slice(0, REASON_MAX) : '';
    const label = reason ? t('upstreamDown', { label: source.label, state: stateWord(source), reason }) : t('upstreamState', { label: source.label, state: stateWord(source) });
    return { label, enabled: false };
  });
  return [...items, { type: 'separator' }];
}
