/**
 * One listed source as Settings edits it: every field as the text typed, and back to the
 * settings' shape. Validation stays with the settings (main/core/settings/source-list.ts);
 * only what the typed text cannot even become is reported here: a header line that is not
 * "Name: value", a field mapping that is not JSON.
 */
import type { StringKey } from '../main/core/ui/i18n';
import type { SourceConfig } from '../main/core/settings/source-config';
import { parseHeaders } from '../main/core/settings/source-config';
import { KIND_FIELDS, type ListedKind } from '../main/core/settings/source-list';

export interface SourceRow {
  kind: ListedKind;
  label: string;
  url: string;
  /** By field name, for every kind's fields: switching kind back and forth keeps what was typed. */
  fields: Record<string, string>;
  /** The advanced field mapping as JSON text; empty: none. */
  mapping: string;
}

/** Text that cannot become a setting; `field` is relative to the source ("headers", "mapping"). */
export interface RowProblem {
  field: string;
  key: StringKey;
  params: Record<string, string>;
}

export const emptyRow = (kind: ListedKind = 'socketio'): SourceRow => ({ kind, label: '', url: '', fields: {}, mapping: '' });

export function toRow(config: SourceConfig): SourceRow {
  const { kind, label, url, mapping, ...rest } = config as SourceConfig & Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (Array.isArray(value)) fields[name] = value.join(', ');
    else if (typeof value === 'object' && value !== null) fields[name] = Object.entries(value).map(([header, text]) => `${header}: ${String(text)}`).join('\n');
    else if (value !== undefined) fields[name] = String(value);
  }
  return { kind: kind as ListedKind, label, url, fields, mapping: mapping ? JSON.stringify(mapping, null, 2) : '' };
}

/** The source as the settings hold it; an optional field left empty is absent, a required one stays so validation names it. */
export function fromRow(row: SourceRow): { value: Record<string, unknown>; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const value: Record<string, unknown> = { kind: row.kind, label: row.label.trim(), url: row.url.trim() };
  for (const [name, rule] of Object.entries(KIND_FIELDS[row.kind])) {
    const text = row.fields[name] ?? '';
    if (text.trim() === '') {
      if (rule === 'required') value[name] = '';
      continue;
    }
    if (rule === 'list') value[name] = text.split(/[,，]/).map((entry) => entry.trim()).filter(Boolean);
    else if (rule === 'seconds') value[name] = Number(text);
    else if (rule === 'headers') {
      const parsed = parseHeaders(text.split('\n').map((line) => line.trim()).filter(Boolean));
      if ('bad' in parsed) problems.push({ field: name, key: 'errHeaderLine', params: { line: parsed.bad } });
      else value[name] = parsed.headers;
    } else value[name] = rule === 'required' || rule === 'http' || rule === 'cluster' ? text.trim() : text;
  }
  if (row.mapping.trim() !== '') {
    try {
      value.mapping = JSON.parse(row.mapping) as unknown;
    } catch (error) {
      problems.push({ field: 'mapping', key: 'errSourcesJson', params: { error: (error as Error).message } });
    }
  }
  return { value, problems };
}
