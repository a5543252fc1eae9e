/**
 * Two sources in one pipeline in a process of its own (a text server's and an SSE server's, at
 * TEXT_URL and SSE_URL), as the desktop app runs its listed sources: each status and order is a
 * JSON line on stdout. Bundled and run by main/core/sources/containment.test.ts, which makes one
 * source's client library throw and watches the other.
 */
import { join } from 'node:path';
import { Journal } from '../main/core/journal/journal';
import { SourcePipeline } from '../main/core/sources/pipeline';
import { SseSource } from '../main/core/sources/sse';
import { TextSource } from '../main/core/sources/text';

const backoff = { initialMs: 200, maxMs: 1000 };
const journal = await Journal.open(join(process.env.DATA!, 'journal.log'));
const pipeline = new SourcePipeline({ journal });
pipeline.add(new TextSource({ label: 'text', url: process.env.TEXT_URL!, connection: { backoff } }));
pipeline.add(new SseSource({ label: 'sse', url: process.env.SSE_URL!, backoff }));
const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
pipeline.on('status', (source, status) => line({ source: source.label, ...status }));
pipeline.on('order', (stored, arrival) => line({ source: arrival.source, order: stored.order.id }));
pipeline.start();
