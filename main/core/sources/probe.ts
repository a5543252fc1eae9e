/**
 * "Test connection" for the settings' listed sources: each one connects once, on its own, and
 * says whether it got online. What it receives meanwhile is never settled (nothing maps, stores
 * or acks it, no resume position is saved), so the running source still gets every order.
 */
import { t } from '../ui/i18n';
import type { ActionResult } from '../ui/status-views';
import type { Source, SourceStatus } from './source';

export const PROBE_TIMEOUT_MS = 10_000;

/** `error` absent: it got online. */
export interface SourceProbe {
  label: string;
  error?: string;
}

/** Starts the source, waits for it to get online or fail once, then stops it. */
export function probeSource(source: Source, timeoutMs = PROBE_TIMEOUT_MS): Promise<SourceProbe> {
  return new Promise((resolve) => {
    const done = (error?: string) => {
      clearTimeout(timer);
      source.off('status', onStatus);
      const probe = error === undefined ? { label: source.label } : { label: source.label, error };
      void source.stop().then(() => resolve(probe), () => resolve(probe));
    };
    const onStatus = (status: SourceStatus) => {
      if (status.state === 'online') done();
      else if (status.lastError) done(status.lastError);
    };
    const timer = setTimeout(() => done(t('testNoAnswer', { s: Math.ceil(timeoutMs / 1000) })), timeoutMs);
    source.on('status', onStatus);
    source.start();
  });
}

/** The main source's test result with one sentence per listed source; ok only if every one connected. */
export function withSourceProbes(main: ActionResult, probes: SourceProbe[]): ActionResult {
  const sentences = probes.map(({ label, error }) => (error === undefined ? t('testSourceOk', { label }) : t('testSourceFailed', { label, error })));
  return { ok: main.ok && probes.every((probe) => probe.error === undefined), message: [main.message, ...sentences].join(' ') };
}
