/** Settings' update section: the version, the last check, the state, and "Check now". */
import type { OrderBellApi, UpdateView } from '../../preload/api';
import { t } from '../../main/core/ui/i18n';
import { el } from '../dom';
import { lastCheckText, updateStateText } from '../update-status';

/** null where the bridge has no self-update (the web view). */
export function updatePanel(api: OrderBellApi): HTMLElement | null {
  const { getUpdateStatus, checkForUpdates, onUpdateStatus } = api;
  if (!getUpdateStatus || !checkForUpdates || !onUpdateStatus) return null;
  const version = el('p', { className: 'update-version' });
  const state = el('p', { className: 'update-state', role: 'status', 'aria-live': 'polite' });
  const lastCheck = el('p', { className: 'hint update-last-check' });
  const button = el('button', { type: 'button', className: 'secondary', onClick: () => void check() }, t('checkNow'));
  const panel = el('div', { className: 'update-panel' }, version, state, lastCheck, button);

  function show(view: UpdateView): void {
    version.textContent = t('updateVersion', { version: view.version });
    state.textContent = updateStateText(view);
    state.classList.toggle('bad', view.state.kind === 'failed');
    lastCheck.textContent = lastCheckText(view);
    button.disabled = ['checking', 'downloading', 'ready', 'unavailable'].includes(view.state.kind);
  }

  async function check(): Promise<void> {
    button.disabled = true;
    show(await checkForUpdates!());
  }

  // The form is rebuilt after each save: a panel no longer on screen stops listening.
  const unsubscribe = onUpdateStatus((view) => (panel.isConnected ? show(view) : unsubscribe()));
  void getUpdateStatus().then(show);
  return panel;
}
