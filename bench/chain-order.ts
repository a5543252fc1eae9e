/** What the chain benches publish, and the clock they time it by. */

/** An order as a chain's backend publishes it, with the id the shops' journals dedupe by. */
export const chainOrder = (id: string) => JSON.stringify({ id, title: 'Table 12', total: 86.5, items: [{ name: '宫保鸡丁', qty: 1, price: 38 }] });

/** Milliseconds on the monotonic clock every process on the machine shares: the backend's process and the shops' compare their times on it. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** The name of the chain's shop number n: its subject, durable consumer, stream and journal are named for it. */
export const shopName = (n: number) => `shop-${n}`;
