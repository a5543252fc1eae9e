/** This machine's addresses on the shop's network, for phones and tablets to reach the hub. */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  return Object.values(interfaces)
    .flat()
    .filter((entry): entry is NetworkInterfaceInfo => entry !== undefined && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}
