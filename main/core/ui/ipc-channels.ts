/** IPC channel names, defined once for the preload and the main process. */
export const INVOKE = {
  listOrders: 'orders:list',
  markHandled: 'orders:mark-handled',
  answerOrder: 'orders:answer',
  queryHistory: 'orders:query-history',
  getReport: 'reports:get',
  sendTestOrder: 'orders:send-test',
  getStatus: 'status:get',
  getSettings: 'settings:get',
  validateSettings: 'settings:validate',
  saveSettings: 'settings:save',
  testConnection: 'settings:test-connection',
  mute: 'alerts:mute',
  getUpdateStatus: 'updates:get',
  checkForUpdates: 'updates:check',
  printOrder: 'print:order',
  printTestPage: 'print:test-page',
  printSummary: 'print:summary',
  retryPrinter: 'print:retry',
  listPrinters: 'print:list-printers',
  reconnectNow: 'network:reconnect-now',
  /** The preload's answer to the main process's watchdog ping (main/page-watch.ts). */
  pagePong: 'page:pong',
  getShellNotes: 'shell:notes',
  getKitchen: 'kitchen:get',
  bump: 'kitchen:bump',
} as const;

export const EVENTS = {
  ordersChanged: 'orders:changed',
  status: 'status:changed',
  alert: 'alerts:action',
  openOrder: 'orders:open',
  updateStatus: 'updates:changed',
  pagePing: 'page:ping',
  /** What the desktop cannot do on this PC (notifications refused, no login item), as banners. */
  shellNotes: 'shell:notes-changed',
  /** To the alarm window only (main/alarm-window.ts): one sound or voice line to play. */
  alarm: 'alarm:play',
  /** The window shows stations or expo: the kitchen's orders, stations and bumps changed. */
  kitchen: 'kitchen:changed',
} as const;
