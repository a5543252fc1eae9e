/**
 * The push server shops run today, in the hub's place: a Socket.IO 2 server used as
 * web-msg-sender is. Each device logs in to the shop's room; the shop's backend publishes an
 * order over HTTP and the server emits it to that room at once. It keeps nothing: an order
 * published while a device is away is gone for it. Run as its own process, started and driven
 * like the hub (any POST publishes its body; any GET answers how many devices are logged in).
 */
import { createServer } from 'node:http';
import socketIo from 'socket.io';

const ROOM = 'shop';
let loggedIn = 0;
const http = createServer((req, res) => {
  if (req.method !== 'POST') return void res.end(JSON.stringify({ clients: loggedIn }));
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    io.to(ROOM).emit('new_msg', Buffer.concat(chunks).toString('utf8'));
    res.end('ok');
  });
});
const io = socketIo(http);
io.on('connection', (socket) => {
  socket.on('login', (uid: unknown) => {
    socket.join(String(uid));
    loggedIn++;
    socket.on('disconnect', () => loggedIn--);
  });
});
http.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(http.address() as { port: number }).port}`));
process.on('SIGTERM', () => process.exit(0));
