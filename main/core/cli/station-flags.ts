/**
 * `orderbell hub --station 'bar: category in [drinks]'` (repeatable) and `--stations FILE`
 * (the same lines, or a JSON list as Settings keeps it): the kitchen display's stations.
 */
import { readFile } from 'node:fs/promises';
import { parseStation, parseStations, validateStations, type Station } from '../orders/stations';
import { UsageError } from './args';

export const STATION_USAGE = `Kitchen display:
  --station <rule>        a station and the items it makes, e.g. 'bar: category in [drinks, 饮品]',
                          'grill: name ~ 烤|BBQ', 'kitchen: default' (repeatable); docs/stations.md
  --stations <file>       stations one per line as above, or a JSON list as Settings keep them`;

export const STATION_FLAGS = {
  station: { type: 'string', multiple: true },
  stations: { type: 'string' },
} as const;

export async function stationsFromFlags(flags: { station?: string[]; stations?: string }): Promise<Station[]> {
  const stations: Station[] = [];
  if (flags.stations !== undefined) stations.push(...(await stationsFromFile(flags.stations)));
  for (const line of flags.station ?? []) {
    const parsed = parseStation(line);
    if (!parsed.ok) throw new UsageError(`--station ${JSON.stringify(line)}: ${parsed.error}`);
    stations.push(parsed.value);
  }
  const checked = validateStations(stations);
  if (!checked.ok) throw new UsageError(`--station: ${checked.error}`);
  return checked.value;
}

async function stationsFromFile(path: string): Promise<Station[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--stations ${path}: ${(error as Error).message}`);
  }
  let parsed;
  if (text.trimStart().startsWith('[')) {
    try {
      parsed = validateStations(JSON.parse(text));
    } catch (error) {
      throw new UsageError(`--stations ${path}: ${(error as Error).message}`);
    }
  } else parsed = parseStations(text);
  if (!parsed.ok) throw new UsageError(`--stations ${path}: ${parsed.error}`);
  return parsed.value;
}
