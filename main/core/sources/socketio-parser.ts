/**
 * socket.io-client@2's packet parser, reading each packet's JSON with big integers kept as
 * digits: a PHPSocket.IO app that emits an array (`$io->emit('new_order', ['order_sn' =>
 * 2024120512345678901])`) sends the number bare, and the stock parser's JSON.parse would round
 * it. Taken from beside socket.io-client, so it is always the parser that client expects.
 */
import { createRequire } from 'node:module';
import { quoteBigIntegers } from '../orders/exact-json';

interface Parser {
  Encoder: new () => unknown;
  Decoder: new () => { add(packet: unknown): void };
}

const client = createRequire(import.meta.url).resolve('socket.io-client');
const stock = createRequire(client)('socket.io-parser') as Parser;

class ExactDecoder extends stock.Decoder {
  override add(packet: unknown): void {
    // A text packet is a short header (type, attachments, namespace, ack id) and then JSON.
    const json = typeof packet === 'string' ? packet.search(/[[{"]/) : -1;
    super.add(json > 0 ? `${(packet as string).slice(0, json)}${quoteBigIntegers((packet as string).slice(json))}` : packet);
  }
}

export const exactParser = { ...stock, Decoder: ExactDecoder };
