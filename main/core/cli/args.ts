/** Command-line flags: node's own parseArgs, with one-line errors that name the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
}

function describeParseError(error: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // The word after the flag starts with "-": another flag, or a value such as a token that starts with a dash.
      if (/argument is ambiguous/.test(error.message)) return `${flag} needs a value (one that starts with "-" is written ${flag}=<value>)`;
      return /argument missing/.test(error.message) ? `${flag} needs a value` : `${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(error.message)?.[1] ?? ''}`.trim();
    default:
      return error.message;
  }
}

export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return port;
}

export function urlFlag(name: string, value: string | undefined, protocols: string[]): URL {
  if (value === undefined) throw new UsageError(`${name} is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} must be a URL like ${protocols[0]}//host:port, got "${value}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new UsageError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${value}"`);
  }
  return url;
}

export function choiceFlag<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${name} must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export const DAY_MS = 24 * 3600 * 1000;

export function positiveFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || number <= 0) throw new UsageError(`${name} must be a positive number, got "${value}"`);
  return number;
}
