/** The fake session module: the default session and the partitions net.request is given. */
import { requireReady } from './calls';

type PermissionHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;

export class FakeSession {
  permissionHandler: PermissionHandler | undefined;
  constructor(
    readonly partition: string,
    readonly options: { cache?: boolean },
  ) {}
  setPermissionRequestHandler(handler: PermissionHandler): void {
    this.permissionHandler = handler;
  }
}

const defaultSession = new FakeSession('', {});
const partitions = new Map<string, FakeSession>();

export const session = {
  /** Electron: "Session can only be received when app is ready". */
  get defaultSession(): FakeSession {
    requireReady('session.defaultSession');
    return defaultSession;
  },
  /**
   * Electron docs, session.fromPartition(partition[, options]): the existing session of that
   * partition is returned (its options cannot change); an empty partition is the default session.
   */
  fromPartition(partition: string, options: { cache?: boolean } = {}): FakeSession {
    requireReady('session.fromPartition');
    if (!partition) return defaultSession;
    if (!partitions.has(partition)) partitions.set(partition, new FakeSession(partition, options));
    return partitions.get(partition)!;
  },
};
