/**
 * The token for the hub, from where a shared machine's other users cannot read it: a file
 * (--token-file) or the environment (ORDERBELL_TOKEN), else --token, which `ps` shows to all.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args';
import { otherPeopleCanReadCommandLines } from './shared-machine';

export const TOKEN_ENV = 'ORDERBELL_TOKEN';

export const TOKEN_FLAGS = {
  token: { type: 'string' },
  'token-file': { type: 'string' },
} as const;

export interface TokenFlags {
  token?: string;
  'token-file'?: string;
}

let warned = false;

/**
 * --token-file or --token, whichever was given (not both), else ORDERBELL_TOKEN when `fromEnv`;
 * undefined for none. --token on a machine whose other users can read command lines is
 * warned about once, on stderr.
 */
export function tokenFlag(flags: TokenFlags, fromEnv: boolean, warn: (line: string) => void = console.error): string | undefined {
  const { token, 'token-file': path } = flags;
  if (token !== undefined && path !== undefined) throw new UsageError('give --token or --token-file, not both');
  if (path !== undefined) return readTokenFile(path);
  if (token !== undefined) {
    if (token === '') throw new UsageError('--token must not be empty');
    if (!warned && otherPeopleCanReadCommandLines()) {
      warned = true;
      warn(`warning: --token shows the token to every user of this machine (ps, /proc/${process.pid}/cmdline); use --token-file or ${TOKEN_ENV} instead`);
    }
    return token;
  }
  const fromEnvironment = fromEnv ? process.env[TOKEN_ENV] : undefined;
  return fromEnvironment === '' ? undefined : fromEnvironment;
}

/** Where the token given came from, for a log line. */
export function tokenOrigin(flags: TokenFlags): string {
  if (flags['token-file'] !== undefined) return `--token-file ${flags['token-file']}`;
  return flags.token !== undefined ? '--token' : TOKEN_ENV;
}

function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--token-file cannot be read: ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const token = text.trim();
  if (token === '') throw new UsageError(`--token-file ${path} is empty`);
  if (/\s/.test(token)) throw new UsageError(`--token-file ${path} must hold the token alone, on one line`);
  return token;
}
