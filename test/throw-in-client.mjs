/**
 * Loaded with `node --import` into a child process: the first time a socket receives bytes
 * holding ORDERBELL_THROW_ON, its `data` event throws, as a client library choking on what a
 * server sent would, from inside the socket's callback. Whatever runs in the process sees an
 * uncaught exception it did not cause. With ORDERBELL_THROW_UNOWNED_MS, a timer of its own throws:
 * an exception no source owns.
 */
import { Socket } from 'node:net';

const marker = process.env.ORDERBELL_THROW_ON;
const emit = Socket.prototype.emit;
let thrown = false;
Socket.prototype.emit = function (event, ...args) {
  if (!thrown && marker && event === 'data' && Buffer.isBuffer(args[0]) && args[0].includes(marker)) {
    thrown = true;
    throw new TypeError(`injected: a client library failed on ${marker}`);
  }
  return emit.call(this, event, ...args);
};

// ORDERBELL_THROW_UNOWNED_MS: a timer set before any source starts throws, an exception no source owns.
const unownedMs = Number(process.env.ORDERBELL_THROW_UNOWNED_MS);
if (unownedMs > 0) {
  setTimeout(() => {
    throw new Error('injected: nobody owns this');
  }, unownedMs);
}
