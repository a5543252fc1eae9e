/** The settings form's two checks in the web view: reach the hub, and have it ring for a test order. */
import type { ActionResult } from '../preload/api';
import { t } from '../main/core/ui/i18n';
import type { HubApi } from './hub-api';

export async function checkHub(hubApi: HubApi): Promise<ActionResult> {
  try {
    const health = await hubApi.health();
    return { ok: true, message: t('testOk', { n: health.clients, seq: health.lastSeq }) };
  } catch (error) {
    return { ok: false, message: t('testFailed', { error: (error as Error).message }) };
  }
}

export async function postTestOrder(hubApi: HubApi, now: number): Promise<ActionResult> {
  const order = { id: `test-${now}`, title: t('testOrderTitle'), channel: 'test', items: [{ name: t('testOrderTitle'), qty: 1 }] };
  try {
    const { seq } = await hubApi.postOrder(order);
    return { ok: true, message: t('testOrderSent', { seq }) };
  } catch (error) {
    return { ok: false, message: t('testOrderFailed', { error: (error as Error).message }) };
  }
}
