/** IPC channel names, defined once for the preload and the main process. */
export const INVOKE = {
  listOrders: 'orders:list',
  markHandled: 'orders:mark-handled',
  queryHistory: 'orders:query-history',
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
  retryPrinter: 'print:retry',
  listPrinters: 'print:list-printers',
  reconnectNow: 'network:reconnect-now',
} as const;

export const EVENTS = {
  ordersChanged: 'orders:changed',
  status: 'status:changed',
  alert: 'alerts:action',
  openOrder: 'orders:open',
  updateStatus: 'updates:changed',
} as const;
