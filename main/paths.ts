/** Where the shell finds its built files and assets, in development and when packaged. */
import { join } from 'node:path';
import { app } from 'electron';

/** dist/main, where this bundle lives. */
const here = import.meta.dirname;

export const RENDERER_INDEX = join(here, '..', 'renderer', 'index.html');
export const PRELOAD = join(here, '..', 'preload', 'preload.cjs');
export const ALARM_PAGE = join(here, '..', 'renderer', 'alarm.html');
export const ALARM_PRELOAD = join(here, '..', 'preload', 'alarm-preload.cjs');

/** Icons and sounds: extraResources when packaged, the assets folder in development. */
export function assetPath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, 'assets', ...parts) : join(here, '..', '..', 'assets', ...parts);
}
