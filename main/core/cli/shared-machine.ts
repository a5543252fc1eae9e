/**
 * Whether other people with an account here can read this process's command line (`ps`,
 * /proc/PID/cmdline), and so a secret given as a flag. On Linux: /proc is mounted without
 * `hidepid`, and /etc/passwd lists another person's account — a uid from 1000 up, other than
 * nobody's (65534), with a login shell — besides the one running this. Root is not counted:
 * it can read a token file too. Elsewhere OrderBell cannot tell cheaply, and assumes so.
 */
import { readFileSync } from 'node:fs';

const NOBODY = 65534;
const NO_LOGIN = /(?:\/nologin|\/false|\/sync|\/shutdown|\/halt)$/;

export function otherPeopleCanReadCommandLines(): boolean {
  if (process.platform !== 'linux') return true;
  try {
    return !hidesProcesses(readFileSync('/proc/mounts', 'utf8')) && otherPeople(readFileSync('/etc/passwd', 'utf8'), process.getuid!()).length > 0;
  } catch {
    return true;
  }
}

/** Whether /proc is mounted so that users see only their own processes (hidepid=1, 2, invisible or noaccess). */
export function hidesProcesses(mounts: string): boolean {
  return mounts
    .split('\n')
    .filter((line) => line.split(' ')[1] === '/proc')
    .some((line) => /(?:^|,)hidepid=(?:1|2|noaccess|invisible)(?:,|$)/.test(line.split(' ')[3] ?? ''));
}

/** The people's accounts in an /etc/passwd besides `uid`'s. */
export function otherPeople(passwd: string, uid: number): string[] {
  const people: string[] = [];
  for (const line of passwd.split('\n')) {
    const [name, , uidField, , , , shell] = line.split(':');
    const accountUid = Number(uidField);
    if (!name || !Number.isInteger(accountUid) || accountUid < 1000 || accountUid === NOBODY || accountUid === uid) continue;
    if (shell && !NO_LOGIN.test(shell.trim())) people.push(name);
  }
  return people;
}
