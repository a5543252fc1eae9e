// Sums a V8 .heapprofile (node --heap-prof) by function and file, largest first:
//   node scripts/heap-profile-top.mjs FILE.heapprofile [top=25] [orders]
// With `orders`, each row also shows its bytes per order; CALLERS=n names each site by its n callers too;
// SKIP=regex leaves out every allocation with a frame that matches it on its stack (SKIP=modules/ for start-up).
import { readFileSync } from 'node:fs';

const [file, top = '25', orders] = process.argv.slice(2);
const { head } = JSON.parse(readFileSync(file, 'utf8'));
const bySite = new Map();
let total = 0;
const callers = Number(process.env.CALLERS ?? 0);
const nameOf = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist|node:)/, '$1')}:${lineNumber + 1}`;
const skip = process.env.SKIP ? new RegExp(process.env.SKIP) : undefined;
const walk = (node, stack) => {
  const frames = [nameOf(node.callFrame), ...stack];
  if (skip?.test(frames[0])) return;
  const site = frames.slice(0, callers + 1).join(' < ');
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) walk(child, frames);
};
walk(head, []);
const perOrder = (bytes) => (orders ? `  ${(bytes / Number(orders)).toFixed(0).padStart(6)} B/order` : '');
console.log(`${file}: ${(total / 1024).toFixed(0)} KB sampled${perOrder(total)}`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${(bytes / 1024).toFixed(1).padStart(9)} KB${perOrder(bytes)}  ${site}`);
}
