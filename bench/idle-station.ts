/**
 * `node dist/bench-idle-station.js`: the desktop app's engine (the Station the Electron main
 * process runs) in a process of its own, as a cashier PC runs it most of the day: the embedded
 * hub with this PC's own device, and the listed sources, connected, and nothing happening.
 * BENCH_IDLE_SETTINGS holds its settings (JSON), BENCH_IDLE_DATA its data folder. Prints
 * `ready` once its own device and every listed source are online; bench/idle.ts measures it.
 */
import { Station } from '../main/core/station';
import type { Settings } from '../main/core/settings/settings';

const station = new Station({ dataDir: process.env.BENCH_IDLE_DATA!, settings: JSON.parse(process.env.BENCH_IDLE_SETTINGS!) as Settings, device: 'bench till' });
await station.start();
const allOnline = (): boolean => {
  const status = station.status();
  return status.connection.state === 'online' && (status.sources ?? []).every((source) => source.state === 'online');
};
const onStatus = (): void => {
  if (!allOnline()) return;
  station.off('status', onStatus);
  console.log('ready');
};
station.on('status', onStatus);
onStatus();
process.on('SIGTERM', () => void station.stop().finally(() => process.exit(0)));
