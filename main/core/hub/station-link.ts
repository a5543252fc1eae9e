/** The hub's screen opened as one kitchen station's display (docs/stations.md). Pure: the CLI and the renderer share it. */
export function stationLink(link: string, station: string): string {
  return `${link}${link.includes('#') ? '&' : '#'}station=${encodeURIComponent(station)}`;
}
