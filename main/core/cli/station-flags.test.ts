import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { stationsFromFlags } from './station-flags';

describe('hub --station and --stations', () => {
  it('reads stations from a file of lines or of JSON, then from each --station', async () => {
    const dir = await tempDir();
    const lines = join(dir, 'stations.txt');
    await writeFile(lines, '# our kitchen\nbar: category in [drinks]\n\ngrill: name ~ 烤|BBQ\n');
    const json = join(dir, 'stations.json');
    await writeFile(json, JSON.stringify([{ name: 'cold', rule: { kind: 'in', field: 'category', values: ['salads'] } }]));
    expect((await stationsFromFlags({ stations: lines, station: ['kitchen: default'] })).map((station) => station.name)).toEqual(['bar', 'grill', 'kitchen']);
    expect(await stationsFromFlags({ stations: json })).toEqual([{ name: 'cold', rule: { kind: 'in', field: 'category', values: ['salads'] } }]);
    expect(await stationsFromFlags({})).toEqual([]);
  });

  it('refuses a bad rule, a second default or a missing file, saying which', async () => {
    await expect(stationsFromFlags({ station: ['bar category in [drinks]'] })).rejects.toThrow('--station "bar category in [drinks]": "bar category in [drinks]" has no ":" between the station\'s name and its rule');
    await expect(stationsFromFlags({ station: ['a: default', 'b: default'] })).rejects.toThrow('--station: only one station can be the default, not a and b');
    await expect(stationsFromFlags({ stations: '/nonexistent/stations.txt' })).rejects.toThrow(/^--stations \/nonexistent\/stations.txt: ENOENT/);
    const dir = await tempDir();
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, 'bar: colour in [red]');
    await expect(stationsFromFlags({ stations: bad })).rejects.toThrow(`--stations ${bad}: line 1: bar: "colour" is not a field a station can route by`);
  });
});
