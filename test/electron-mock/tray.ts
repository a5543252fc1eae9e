/** The fake Tray, Menu and nativeImage. */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { calls, requireReady, system } from './calls';

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: MenuItem[] } | undefined;
  menus = 0;
  constructor(image: unknown) {
    super();
    requireReady('Tray');
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  title = '';
  /** docs/api/tray.md, setTitle: macOS only, text beside the icon in the menu bar. */
  setTitle(title: string): void {
    if (system.platform !== 'darwin') return;
    this.title = title;
  }
  setContextMenu(menu: { template: MenuItem[] }): void {
    this.menu = menu;
    this.menus++;
  }
}

export interface MenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate(template: MenuItem[]): { template: MenuItem[] } {
    return { template };
  },
};

export interface FakeImage {
  name: string;
  isEmpty(): boolean;
  setTemplateImage(flag: boolean): void;
}

export const nativeImage = {
  /** A missing or unreadable file gives an empty image, as in Electron. */
  createFromPath(path: string): FakeImage {
    const empty = !existsSync(path);
    if (empty) calls.emptyImages.push(path);
    return { name: path.split(/[\\/]/).at(-1)!, isEmpty: () => empty, setTemplateImage: () => {} };
  },
};

