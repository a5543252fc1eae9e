/** A time span as staff read it: "45 s", "3 min 5 s"; a dash when there is none. */
import { t } from './i18n';

export function duration(ms: number | null): string {
  if (ms === null) return t('reportNoValue');
  const s = Math.round(ms / 1000);
  return s < 60 ? t('reportSeconds', { s }) : t('reportMinutes', { m: Math.floor(s / 60), s: s % 60 });
}
