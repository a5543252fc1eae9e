/**
 * The sources' way back: each listed source with a `replyTo` (MQTT topic, Socket.IO event,
 * NATS subject, Redis stream) is a target of the outbox, delivered once its server took it:
 * the same JSON as a webhook's body, `order.unanswered` too (every kind carries any JSON).
 */
import type { SourceConfig } from '../settings/source-config';
import type { OutboxTarget } from './outbox';
import { outboxEvent } from './state-change';

/** `publish` sends to the running source by its label; it rejects while that source is not connected (its coming online is Outbox.linkUp). */
export function replyTargets(configs: SourceConfig[], publish: (label: string, payload: string) => Promise<void>): OutboxTarget[] {
  return configs.flatMap((config) => {
    const replyTo = 'replyTo' in config ? config.replyTo : undefined;
    if (!replyTo) return [];
    return [{ name: `${config.kind} ${config.label} → ${replyTo}`, via: config.label, deliver: (item) => publish(config.label, JSON.stringify(outboxEvent(item))) }];
  });
}
