/**
 * `orderbell hub --source …`: the hub takes orders from upstream sources too (a chain's NATS
 * or Redis stream, a broker, a push server), into its own journal, and pushes them to every
 * device on the shop's LAN. Each `--source` starts one source's flags, up to the next; hub
 * flags come before the first. `--sources FILE` names a JSON list, as Settings keeps it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '../hub/hub';
import { checkSourceList } from '../settings/source-list';
import type { SourceConfig } from '../settings/source-config';
import { SourcePositions } from '../sources/positions';
import { Upstreams } from '../sources/upstreams';
import { parseFlags, UsageError } from './args';
import { SOURCE_FLAGS, sourceFromFlags } from './source-flags';

export const HUB_SOURCES_USAGE = `Upstream sources (orders from elsewhere, pushed to every device like POSTed ones):
  --source <kind> …       one source, with its flags up to the next --source (repeatable;
                          see orderbell listen --help for each kind's flags). Hub flags go
                          before the first --source.
  --sources <file>        a JSON list of sources, as the desktop app's Settings keep them`;

const isSourceFlag = (arg: string) => arg === '--source' || arg.startsWith('--source=');

/** The hub's own flags, and each `--source`'s flags, apart. */
export function splitSourceArgs(args: string[]): { hubArgs: string[]; sourceArgs: string[][] } {
  const starts = args.flatMap((arg, index) => (isSourceFlag(arg) ? [index] : []));
  if (starts.length === 0) return { hubArgs: args, sourceArgs: [] };
  const sourceArgs = starts.map((start, n) => args.slice(start, starts[n + 1] ?? args.length));
  return { hubArgs: args.slice(0, starts[0]), sourceArgs };
}

export function sourcesFromArgs(sourceArgs: string[][]): SourceConfig[] {
  const configs = sourceArgs.map((args) => {
    try {
      const { help: _help, ...flags } = parseFlags(args, SOURCE_FLAGS);
      return sourceFromFlags(flags);
    } catch (error) {
      const kind = args[0] === '--source' ? args[1] : args[0]!.slice('--source='.length);
      throw new UsageError(`--source ${kind ?? ''}: ${(error as Error).message} (hub flags go before the first --source)`);
    }
  });
  const labels = new Set<string>();
  for (const { label } of configs) {
    if (labels.has(label)) throw new UsageError(`two sources are labelled "${label}": give each its own --label`);
    labels.add(label);
  }
  return configs;
}

export async function sourcesFromFile(path: string): Promise<SourceConfig[]> {
  let list: unknown;
  try {
    list = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--sources ${path}: ${(error as Error).message}`);
  }
  const { value, errors } = checkSourceList(list);
  if (!value) throw new UsageError(`--sources ${path}: ${errors.map(({ field, code, params }) => `${field}: ${code}${params ? ` ${JSON.stringify(params)}` : ''}`).join('; ')}`);
  return value;
}

/** Starts the sources into the hub's journal; logs each change of a source's state. */
export async function startHubSources(hub: Hub, configs: SourceConfig[], dataDir: string, log: (line: string) => void): Promise<Upstreams> {
  const upstreams = new Upstreams(await SourcePositions.open(join(dataDir, 'positions.json')), dataDir);
  const said = new Map<string, string>();
  upstreams.on('status', () => {
    for (const view of upstreams.views()) {
      const line = view.state === 'offline' ? `offline: ${view.lastError ?? 'no reason given'}${view.nextRetryAt ? `; next try in ${Math.max(0, Math.round((view.nextRetryAt - Date.now()) / 1000))} s` : ''}` : view.state;
      if (said.get(view.label) === line) continue;
      said.set(view.label, line);
      log(`source ${view.label}: ${line}`);
    }
  });
  upstreams.on('log', (line) => log(`source ${line}`));
  await upstreams.start(configs, { journal: hub.orderJournal, hub: true }, 'hub');
  return upstreams;
}
