/**
 * A local update server (electron-builder's `generic` layout: latest.yml / latest-linux.yml
 * beside the artifacts) on 127.0.0.1, with the faults a shop meets: down, 404, 500, a
 * tampered artifact, an older version. Plus what electron-updater needs to run without
 * Electron: an app adapter over the shared Electron fake, and its Electron HTTP client sending
 * through the fake's net.request.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ElectronAppAdapter } from 'electron-updater/out/ElectronAppAdapter.js';
import { ElectronHttpExecutor, NET_SESSION_NAME } from 'electron-updater/out/electronHttpExecutor.js';
import { net, session } from './electron-mock';
import { defer, tempDir } from './helpers';

export interface Release {
  version: string;
  /** The feed file: latest.yml (Windows), latest-linux.yml, latest-mac.yml. */
  channelFile: string;
  fileName: string;
  artifact: Buffer;
  /** Serve other bytes of the same length than latest.yml's sha512 describes. */
  tampered?: boolean;
}

export function sha512(data: Buffer): string {
  return createHash('sha512').update(data).digest('base64');
}

/** latest.yml as electron-builder writes it. */
export function channelYaml(release: Release): string {
  const hash = sha512(release.artifact);
  return [
    `version: ${release.version}`,
    'files:',
    `  - url: ${release.fileName}`,
    `    sha512: ${hash}`,
    `    size: ${release.artifact.length}`,
    `path: ${release.fileName}`,
    `sha512: ${hash}`,
    "releaseDate: '2026-03-01T10:00:00.000Z'",
    '',
  ].join('\n');
}

export class UpdateServer {
  /** Paths asked for, in order (without the query electron-updater adds against caches). */
  readonly requests: string[] = [];
  release: Release | undefined;
  /** Answer every request with this status instead. */
  failWith: number | undefined;
  /** Hold the second half of the artifact this long, so a progress report falls between. */
  pauseMidwayMs = 0;
  /** Send the first half of the artifact and then nothing more: a server that hangs mid-download. */
  stopMidway = false;
  /** Take requests and never answer them: a server that hangs. */
  stalled = false;
  /** Requests held by `stalled` or `stopMidway` whose connection the client has not yet closed. */
  readonly unanswered = new Set<import('node:http').ServerResponse>();
  /** Answer each file under /orderbell/ with a 302 to the same file under /mirror/ (a feed moved to a CDN). */
  redirectToMirror = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<UpdateServer> {
    let self: UpdateServer | undefined;
    const server = createServer((req, res) => self!.answer(req.url ?? '/', res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    self = new UpdateServer(server, (server.address() as { port: number }).port);
    defer(() => self!.stop());
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/orderbell/`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private holdUnanswered(res: import('node:http').ServerResponse): void {
    this.unanswered.add(res);
    res.on('close', () => this.unanswered.delete(res));
  }

  private answer(url: string, res: import('node:http').ServerResponse): void {
    const asked = url.split('?')[0]!;
    this.requests.push(asked);
    const release = this.release;
    if (this.stalled) return this.holdUnanswered(res);
    if (this.failWith !== undefined) return void res.writeHead(this.failWith).end(`status ${this.failWith}`);
    if (this.redirectToMirror && asked.startsWith('/orderbell/')) return void res.writeHead(302, { location: `/mirror${url}` }).end();
    const path = asked.replace(/^\/mirror\//, '/');
    if (release && path === `/orderbell/${release.channelFile}`) {
      return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(channelYaml(release));
    }
    if (release && path === `/orderbell/${release.fileName}`) {
      const body = release.tampered ? Buffer.from(release.artifact.map((byte) => byte ^ 0xff)) : release.artifact;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      if (this.stopMidway) return this.holdUnanswered(res);
      setTimeout(() => res.end(body.subarray(half)), this.pauseMidwayMs);
      return;
    }
    res.writeHead(404).end('not found');
  }
}

/**
 * electron-updater's own Electron HTTP client (its download and redirect handling), whose
 * `require('electron')` for net and session is the one thing replaced: that require gets the
 * fake as loaded once per worker (test/electron-require.ts), and tests that reset modules
 * import another, so requests go to the net.request of the fake this file imports.
 */
export class FakeNetHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: Record<string, unknown>, callback: (response: unknown) => void): never {
    const request = net.request({ ...options, session: session.fromPartition(NET_SESSION_NAME, { cache: false }) });
    request.on('response', callback);
    return request as never;
  }
}

/**
 * electron-updater's own adapter over the shared Electron fake's `app`, as a packaged app
 * of `version` whose caches live in a temp folder (electron-builder's tests do the same).
 */
export class TestAppAdapter extends ElectronAppAdapter {
  constructor(
    fakeApp: ConstructorParameters<typeof ElectronAppAdapter>[0],
    private readonly testVersion: string,
    private readonly folder: string,
  ) {
    super(fakeApp);
  }
  override get version(): string {
    return this.testVersion;
  }
  override get isPackaged(): boolean {
    return true;
  }
  override get baseCachePath(): string {
    return this.folder;
  }
  override get userDataPath(): string {
    return this.folder;
  }
  override get appUpdateConfigPath(): string {
    return join(this.folder, 'app-update.yml');
  }
}

/** A temp folder with the app-update.yml electron-builder puts in the app's resources. */
export async function installedAppFolder(feedUrl: string, extra = ''): Promise<string> {
  const folder = await tempDir();
  await writeFile(join(folder, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: orderbell-updater\n${extra}`);
  return folder;
}
